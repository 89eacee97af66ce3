/*
 * Tokens of AWS IoT's fleet-indexing query syntax, queryVersion 2017-09-30.
 *
 * Sources: AWS IoT Developer Guide "Query syntax" (docs.aws.amazon.com/iot/latest/developerguide/query-syntax.html),
 * "Example thing queries" (example-queries.html), "Example thing group queries" (example-thinggroup-queries.html),
 * "Indexing location data" (location-indexing-geoquery.html); docs/aws-behaviour.md §2.3. AWS says
 * the language is "based on ... Apache Lucene" (older iot-indexing.html), so where AWS is silent the token rules are
 * those of Lucene's classic QueryParser (QueryParser.jj), and each departure is noted.
 *
 * The lexer never fails: every character becomes some token. Tokens that can never be part of a valid query
 * (unsupported characters and operators, unterminated phrases, a lone backslash...) are rejected by name before
 * parsing (io.iotdm.fleetquery.QueryParser), so that the error names the exact offending token.
 */
lexer grammar FleetQueryLexer;

// "Words are separated by white-space characters as defined by Java's Character.isWhitespace(int)" (query-syntax):
// U+0009-U+000D, U+001C-U+001F and the Unicode space, line and paragraph separators except the no-break spaces
// U+00A0, U+2007 and U+202F. The same set appears, negated, in TERM_START_CHAR and RANGE_TERM below.
WS : [\u0009-\u000D\u001C-\u001F\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]+ -> skip ;

// Boolean operators: upper case only, as in Lucene; "and" is an ordinary word.
AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;

// "-" excludes (query-syntax: thingName:(tv* AND -plasma)). Inside a word it is an ordinary character (a-b).
MINUS : '-' ;

// Lucene's other operators. AWS documents only AND, OR, NOT and "-"; these are rejected by name.
AMPAMP : '&&' ;
PIPEPIPE : '||' ;
BANG : '!' ;
PLUS : '+' ;

LPAREN : '(' ;
RPAREN : ')' ;
COLON : ':' ;

// Comparisons, written without a colon: attributes.attr2<5, connectivity.timestamp > 1557651600000 (example-queries).
// Unlike Lucene, where < and > are word characters.
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;

// Ranges: [a TO b] inclusive, {a TO b} exclusive, either bracket at either end (example-queries).
LBRACKET : '[' -> pushMode(RANGE) ;
LBRACE : '{' -> pushMode(RANGE) ;
// A closing bracket with no range open.
RBRACKET : ']' ;
RBRACE : '}' ;

// A phrase; \ escapes any character, so \" is a quote inside it.
QUOTED : '"' ( '\\' . | ~["\\] )* '"' ;
// The same without its closing quote (it then runs to the end of the query): rejected.
UNTERMINATED_QUOTED : '"' ( '\\' . | ~["\\] )* '\\'? ;

// Boosting (^) and fuzzy/proximity search (~) are unsupported features (query-syntax); rejected.
CARET : '^' ;
TILDE : '~' ;

// "Special characters: `, @, #, %, \, /, ', ;, and ," are unsupported (query-syntax); "/" also starts a Lucene
// regular expression, another unsupported feature. Rejected. The comma is allowed in geoqueries only (GEO).
UNSUPPORTED_CHAR : [`@#%/';,] ;

// A geoquery value, e.g. shadow.reported.location:geo_distance,47.6204,-122.3491,15.5km (location-indexing-geoquery).
// Without a comma, geo_distance is an ordinary word.
GEO : 'geo_' [a-z_]+ ( ',' [a-zA-Z0-9.+\-]* )+ ;

// A word: a term, a field name, or a wildcard pattern (* and ? are kept in the token and classified by the AST
// builder). As in Lucene, a word cannot start with + or - but may contain them, and \ escapes any character.
TERM : TERM_START_CHAR TERM_CHAR* ;

// A backslash with nothing after it (at the end of the query): rejected.
BACKSLASH : '\\' ;

fragment TERM_START_CHAR
    : ~[\u0009-\u000D\u001C-\u001F\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000+\-!():^[\]"{}~\\<>`@#%/';,]
    | ESCAPED_CHAR
    ;

fragment TERM_CHAR : TERM_START_CHAR | '-' | '+' ;

fragment ESCAPED_CHAR : '\\' . ;

// Unreachable (every character above has a token); kept so that the lexer can never fail.
ANY : . ;

mode RANGE;

RANGE_WS : [\u0009-\u000D\u001C-\u001F\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]+ -> skip ;

// Upper case only, as in Lucene.
TO : 'TO' ;

RANGE_END_INCLUSIVE : ']' -> popMode ;
RANGE_END_EXCLUSIVE : '}' -> popMode ;

// A quoted bound: ["abcd" TO "abcf"] (example-queries).
RANGE_QUOTED : '"' ( '\\' . | ~["\\] )* '"' ;
RANGE_UNTERMINATED_QUOTED : '"' ( '\\' . | ~["\\] )* '\\'? ;

// A bare bound: anything up to white space or a closing bracket (Lucene's RANGE_GOOP), e.g. -10, 1.5, abcd or *.
RANGE_TERM
    : ~[\u0009-\u000D\u001C-\u001F\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000\]}"]
      ~[\u0009-\u000D\u001C-\u001F\u0020\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000\]}]*
    ;

RANGE_ANY : . ;
