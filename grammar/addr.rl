# The address part shared by From, To and Contact (RFC 3261 §20.10, §25.1):
# ( name-addr / addr-spec ). The machine including this file defines the
# actions dmk, dend (display-name), umk, uend (the addr-spec extent, whose
# syntax the URI scanner checks).
%%{
  machine sipr_addr;

  # the display-name span ends with its last token: dend on each token. The
  # last token may touch the "<" (LAQUOT = SWS "<"): RFC 4475 §3.1.1.6,
  # lwsdisp, reads display-name = *(token LWS) that way.
  display_tokens = ( token %dend ( LWS token %dend )* ) >dmk;
  uri_char    = reserved | unreserved | escaped | [\[\]];
  name_addr   = ( display_tokens | quoted_string >dmk %dend )? LAQUOT
                ( uri_char+ ) >umk %uend RAQUOT;
  # an addr-spec outside angle brackets holds no ';', '?' or ',' (§20.10)
  scheme      = alpha ( alpha | digit | [+\-.] )*;
  addr_spec_plain = ( scheme ":" ( uri_char - [;?,] )* ) >umk %uend;
  addr        = name_addr | addr_spec_plain;
}%%
