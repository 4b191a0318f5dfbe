# Shared rules of RFC 3261 §25.1 (basic rules) and §19.1 (SIP URI), included
# by every scanner. Names follow the RFC, with '-' written as '_'.
# IPv4address and IPv6address are the ones of RFC 5954 §4.1, which replaces
# the rules of RFC 3261 (which took [2001:db8:::192.0.2.1] and refused
# [2001:db8::192.0.2.1]); RFC 5118 gives the SIP torture cases.
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
  # RFC 5954 §4.1 (the rules of RFC 3986 §3.2.2): each octet 0-255 without a
  # leading zero, at most 8 groups of 1-4 hex digits, at most one "::".
  dec_octet   = digit | [1-9] digit | "1" digit{2} | "2" [0-4] digit | "25" [0-5];
  IPv4address = dec_octet "." dec_octet "." dec_octet "." dec_octet;
  h16         = xdigit{1,4};
  h16c        = h16 ":";
  ls32        = ( h16 ":" h16 ) | IPv4address;
  IPv6address =                              h16c{6} ls32
              |                         "::" h16c{5} ls32
              | (                h16 )? "::" h16c{4} ls32
              | ( h16c{0,1} h16 )? "::" h16c{3} ls32
              | ( h16c{0,2} h16 )? "::" h16c{2} ls32
              | ( h16c{0,3} h16 )? "::" h16c    ls32
              | ( h16c{0,4} h16 )? "::"         ls32
              | ( h16c{0,5} h16 )? "::"         h16
              | ( h16c{0,6} h16 )? "::";
  IPv6reference = "[" IPv6address "]";
  port        = digit+;

  # generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string
  gen_value   = token | hostname | IPv6reference | quoted_string;
}%%
