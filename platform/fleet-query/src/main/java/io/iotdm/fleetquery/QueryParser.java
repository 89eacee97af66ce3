package io.iotdm.fleetquery;

import static io.iotdm.fleetquery.grammar.FleetQueryLexer.*;

import io.iotdm.fleetquery.InvalidQueryException.Reason;
import io.iotdm.fleetquery.grammar.FleetQueryLexer;
import io.iotdm.fleetquery.grammar.FleetQueryParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * One parse: lex, reject what can be rejected token by token, parse, build the AST.
 *
 * <p>Checking the tokens before parsing gives precise errors for what the grammar cannot express (unsupported
 * characters and operators, unterminated phrases and ranges, unbalanced parentheses); the parser's own errors are
 * then classified by the offending token and the one before it.
 */
final class QueryParser {

    /** "Special characters: `, @, #, %, \, /, ', ;, and ," are unsupported (query-syntax). */
    private static final String UNSUPPORTED_CHARACTERS = "`@#%\\/';,";

    private final String queryString;
    private CommonTokenStream tokens;

    QueryParser(String queryString) {
        this.queryString = queryString;
    }

    Query parse() {
        if (queryString.codePoints().allMatch(Character::isWhitespace)) {
            throw new InvalidQueryException(Reason.EMPTY_QUERY, null, -1, queryString);
        }
        if (queryString.codePointCount(0, queryString.length()) > FleetQuery.MAX_QUERY_LENGTH) {
            throw new InvalidQueryException(Reason.QUERY_TOO_LONG, null, -1, queryString);
        }
        FleetQueryLexer lexer = new FleetQueryLexer(CharStreams.fromString(queryString));
        lexer.removeErrorListeners(); // the lexer has a token for every character: it never reports errors
        tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkTokens(tokens.getTokens());

        FleetQueryParser parser = new FleetQueryParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(
                    Recognizer<?, ?> recognizer,
                    Object offendingSymbol,
                    int line,
                    int charPositionInLine,
                    String msg,
                    RecognitionException e) {
                throw classify((Token) offendingSymbol);
            }
        });
        return new AstBuilder(queryString).build(parser.query());
    }

    private void checkTokens(List<Token> all) {
        Deque<Token> openParentheses = new ArrayDeque<>();
        Token openRange = null;
        int prefixRun = 0;
        for (Token token : all) {
            int type = token.getType();
            prefixRun = type == NOT || type == MINUS ? prefixRun + 1 : 0;
            if (prefixRun > FleetQuery.MAX_NESTING) {
                throw error(Reason.NESTING_TOO_DEEP, token);
            }
            switch (type) {
                case UNSUPPORTED_CHAR -> throw error(Reason.UNSUPPORTED_CHARACTER, token);
                case BACKSLASH -> throw error(Reason.INCOMPLETE_ESCAPE, token);
                case AMPAMP, PIPEPIPE, BANG, PLUS -> throw error(Reason.UNSUPPORTED_OPERATOR, token);
                case CARET -> throw error(Reason.UNSUPPORTED_BOOSTING, token);
                case TILDE -> throw error(Reason.UNSUPPORTED_FUZZY, token);
                case UNTERMINATED_QUOTED, RANGE_UNTERMINATED_QUOTED -> throw error(Reason.UNTERMINATED_PHRASE, token);
                case RBRACKET, RBRACE, ANY, RANGE_ANY -> throw error(Reason.UNEXPECTED_TOKEN, token);
                case TERM -> checkCharacters(token, true, false);
                case QUOTED, RANGE_QUOTED -> checkCharacters(token, true, true);
                case RANGE_TERM -> checkCharacters(token, false, true);
                case LPAREN -> {
                    openParentheses.push(token);
                    if (openParentheses.size() > FleetQuery.MAX_NESTING) {
                        throw error(Reason.NESTING_TOO_DEEP, token);
                    }
                }
                case RPAREN -> {
                    if (openParentheses.isEmpty()) {
                        throw error(Reason.UNBALANCED_PARENTHESES, token);
                    }
                    openParentheses.pop();
                }
                case LBRACKET, LBRACE -> openRange = token;
                case RANGE_END_INCLUSIVE, RANGE_END_EXCLUSIVE -> openRange = null;
                default -> {}
            }
        }
        if (openRange != null) {
            throw error(Reason.UNTERMINATED_RANGE, openRange);
        }
        if (!openParentheses.isEmpty()) {
            throw error(Reason.UNBALANCED_PARENTHESES, openParentheses.getLast());
        }
    }

    /**
     * Rejects the unsupported characters inside a word, a phrase or a range bound. In a word they can only appear
     * escaped ({@code \@}): escaping makes a character literal, it does not make it supported; a literal backslash
     * ({@code \\}) is one of them. In a phrase they may also appear unescaped. A range bound has no escapes (as in
     * Lucene), so any backslash in it is unsupported.
     */
    private void checkCharacters(Token token, boolean escapes, boolean raw) {
        String text = token.getText();
        int position = token.getStartIndex();
        for (int i = 0; i < text.length(); position++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (escapes && c == '\\' && i < text.length()) {
                int escaped = text.codePointAt(i);
                i += Character.charCount(escaped);
                position++;
                c = escaped;
            } else if (!raw) {
                continue;
            }
            if (UNSUPPORTED_CHARACTERS.indexOf(c) >= 0) {
                throw new InvalidQueryException(
                        Reason.UNSUPPORTED_CHARACTER, Character.toString(c), position, queryString);
            }
        }
    }

    /** Names a parser error by the offending token and the token before it. */
    private InvalidQueryException classify(Token offending) {
        int index = offending.getTokenIndex();
        Token previous = index > 0 ? tokens.get(index - 1) : null;
        int type = offending.getType();
        int previousType = previous == null ? Token.INVALID_TYPE : previous.getType();

        if (type == COLON) {
            // :a | a::b | a:b:c | a AND :b
            return error(Reason.STRAY_COLON, offending);
        }
        if (previousType == COLON) {
            if (type == Token.EOF || type == AND || type == OR || type == RPAREN) {
                return error(Reason.MISSING_FIELD_VALUE, previous);
            }
            return error(Reason.INVALID_FIELD_VALUE, offending);
        }
        if (isComparison(previousType)) {
            if (type == Token.EOF || type == AND || type == OR || type == RPAREN) {
                return error(Reason.MISSING_COMPARISON_VALUE, previous);
            }
            return error(Reason.INVALID_COMPARISON_VALUE, offending);
        }
        if (isComparison(type)) {
            // > 5 | a AND <= 5, but "x" > 5 | a:b > 5
            boolean operandExpected = previous == null || previousType == LPAREN || isOperator(previousType);
            return error(operandExpected ? Reason.FIELD_REQUIRED : Reason.UNEXPECTED_TOKEN, offending);
        }
        if (isOperator(previousType) && !startsOperand(type)) {
            // a AND | a AND ) | a AND OR b | NOT | a -
            return error(Reason.DANGLING_OPERATOR, previous);
        }
        if ((type == AND || type == OR) && (previous == null || previousType == LPAREN)) {
            // AND a | (OR a)
            return error(Reason.DANGLING_OPERATOR, offending);
        }
        if (type == RPAREN && previousType == LPAREN) {
            return error(Reason.EMPTY_GROUP, previous);
        }
        if (isInRange(type) || isInRange(previousType) || previousType == LBRACKET || previousType == LBRACE) {
            return error(Reason.INVALID_RANGE, offending);
        }
        if (type == Token.EOF) {
            return error(Reason.UNEXPECTED_END, previous);
        }
        return error(Reason.UNEXPECTED_TOKEN, offending);
    }

    private static boolean isOperator(int type) {
        return type == AND || type == OR || type == NOT || type == MINUS;
    }

    private static boolean startsOperand(int type) {
        return type == TERM
                || type == QUOTED
                || type == GEO
                || type == LPAREN
                || type == LBRACKET
                || type == LBRACE
                || type == NOT
                || type == MINUS;
    }

    private static boolean isComparison(int type) {
        return type == LT || type == LE || type == GT || type == GE;
    }

    private static boolean isInRange(int type) {
        return type == TO
                || type == RANGE_TERM
                || type == RANGE_QUOTED
                || type == RANGE_END_INCLUSIVE
                || type == RANGE_END_EXCLUSIVE;
    }

    private InvalidQueryException error(Reason reason, Token token) {
        return new InvalidQueryException(reason, token.getText(), token.getStartIndex(), queryString);
    }
}
