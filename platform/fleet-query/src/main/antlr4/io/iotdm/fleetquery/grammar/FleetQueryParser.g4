/*
 * AWS IoT's fleet-indexing query syntax, queryVersion 2017-09-30. Sources: see FleetQueryLexer.g4.
 *
 * Precedence, loosest first: OR, then AND (explicit, or implied between two clauses: "The default operator is AND. A
 * query for "thingName:abc thingType:xyz" is equivalent to "thingName:abc AND thingType:xyz"" (query-syntax)), then
 * the prefixes NOT and "-". AWS documents no precedence; Lucene's classic parser has none (it applies the operators
 * as clause modifiers from left to right), so conventional boolean precedence is our judgment call. It gives AWS's
 * own examples their documented meaning: "attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10" is
 * attr1 = abc and attr2 < 5 and not attr3 > 10 (example-queries).
 *
 * What the grammar leaves open is checked by io.iotdm.fleetquery.AstBuilder: field names, wildcards in values,
 * signed numbers, ranges and comparisons that need a field, geoquery arguments, the term limits.
 */
parser grammar FleetQueryParser;

options {
    tokenVocab = FleetQueryLexer;
}

query
    : orQuery EOF
    ;

orQuery
    : andQuery (OR andQuery)*
    ;

andQuery
    : unary (AND? unary)*
    ;

unary
    : (NOT | MINUS) unary   # negation
    | primary               # positive
    ;

primary
    : LPAREN orQuery RPAREN                                  # group
    // Field grouping: parentGroupNames:(a OR b) applies the field to every clause inside (example-thinggroup-queries).
    | field = TERM COLON LPAREN orQuery RPAREN               # fieldGroup
    | field = TERM COLON fieldValue                          # fieldQuery
    | field = TERM op = (LT | LE | GT | GE) comparisonValue  # comparison
    // A value without a field of its own: unfielded ("abc": all fields), or inside a field group.
    | value                                                  # plainValue
    ;

// The optional "-" makes field:-5 a negative number (judgment call: Lucene rejects field:-5).
fieldValue
    : MINUS? TERM
    | QUOTED
    | range
    | GEO
    ;

value
    : TERM
    | QUOTED
    | range
    | GEO
    ;

comparisonValue
    : MINUS? TERM
    | QUOTED
    ;

range
    : open = (LBRACKET | LBRACE) lower = rangeBound TO upper = rangeBound close = (RANGE_END_INCLUSIVE | RANGE_END_EXCLUSIVE)
    ;

rangeBound
    : RANGE_TERM
    | RANGE_QUOTED
    ;
