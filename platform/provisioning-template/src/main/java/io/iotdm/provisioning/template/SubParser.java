package io.iotdm.provisioning.template;

import java.util.ArrayList;
import java.util.List;

/** Splits an {@code Fn::Sub} string into literal text and {@code ${Name}} references ({@code ${!Text}} is literal). */
final class SubParser {

    private SubParser() {}

    static List<Expr.SubPart> parse(String text, String at) {
        List<Expr.SubPart> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int from = 0;
        for (int open = text.indexOf("${"); open >= 0; open = text.indexOf("${", from)) {
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw ExprCompiler.invalid(at, "${ at character " + open + " has no closing }");
            }
            literal.append(text, from, open);
            String name = text.substring(open + 2, close);
            if (name.startsWith("!")) {
                literal.append("${").append(name.substring(1)).append('}');
            } else if (name.isBlank()) {
                throw ExprCompiler.invalid(at, "${} at character " + open + " names nothing");
            } else {
                addLiteral(parts, literal);
                parts.add(new Expr.SubPart(name.strip(), true));
            }
            from = close + 1;
        }
        literal.append(text.substring(from));
        addLiteral(parts, literal);
        return List.copyOf(parts);
    }

    private static void addLiteral(List<Expr.SubPart> parts, StringBuilder literal) {
        if (!literal.isEmpty()) {
            parts.add(new Expr.SubPart(literal.toString(), false));
            literal.setLength(0);
        }
    }
}
