# Shared rules of RFC 3261 §25.1 (basic rules) and §19.1 (SIP URI), included
# by every scanner. Names follow the RFC, with '-' written as '_'.
# IPv6 follows RFC 3261 §25.1 as clarified by RFC 5118.
%%{
  machine sipr_common;
  alphtype unsigned char;

  CRLF        = "\r\n";
  SP          = " ";
  HTAB        = "\t";
  WSP         = SP | HTAB;
  LWS         = ( WSP* CRLF )? WSP+;
  SWS         = LWS?;
  HCOLON      = WSP* ":" SWS;
  SEMI        = SWS ";" SWS;
  COMMA       = SWS "," SWS;
  EQUAL       = SWS "=" SWS;
  SLASH       = SWS "/" SWS;
  LAQUOT      = SWS "<";
  RAQUOT      = ">" SWS;
  DQUOTE      = '"';

  alphanum    = alnum;
  mark        = [\-_.!~*'()];
  unreserved  = alphanum | mark;
  escaped     = "%" xdigit xdigit;
  reserved    = [;/?:@&=+$,];
  UTF8_CONT   = 0x80..0xbf;
  UTF8_NONASCII = ( 0xc0..0xdf UTF8_CONT )
              | ( 0xe0..0xef UTF8_CONT{2} )
              | ( 0xf0..0xf7 UTF8_CONT{3} )
              | ( 0xf8..0xfb UTF8_CONT{4} )
              | ( 0xfc..0xfd UTF8_CONT{5} );
  TEXT_UTF8char = 0x21..0x7e | UTF8_NONASCII;

  token       = ( alphanum | [\-.!%*_+`'~] )+;
  word        = ( alphanum | [\-.!%*_+`'~()<>:\\"/\[\]?{}] )+;

  qdtext      = LWS | 0x21 | 0x23..0x5b | 0x5d..0x7e | UTF8_NONASCII;
  quoted_pair = "\\" ( 0x00..0x09 | 0x0b..0x0c | 0x0e..0x7f );
  quoted_string = DQUOTE ( qdtext | quoted_pair )* DQUOTE;

  # hosts (§25.1, RFC 5118)
  domainlabel = alphanum | alphanum ( alphanum | "-" )* alphanum;
  toplabel    = alpha | alpha ( alphanum | "-" )* alphanum;
  hostname    = ( domainlabel "." )* toplabel "."?;
  IPv4address = digit{1,3} "." digit{1,3} "." digit{1,3} "." digit{1,3};
  hex4        = xdigit{1,4};
  hexseq      = hex4 ( ":" hex4 )*;
  hexpart     = hexseq | hexseq "::" hexseq? | "::" hexseq?;
  IPv6address = hexpart ( ":" IPv4address )?;
  IPv6reference = "[" IPv6address "]";
  port        = digit+;

  # generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string
  gen_value   = token | hostname | IPv6reference | quoted_string;
}%%
