#pragma once
// Content-Type and Content-Disposition header lines with their parameters (RFC 2045, RFC 2231),
// written straight into the message text.
#include <string>
#include <string_view>
#include <vector>

namespace ccsalvage::mime {

// One RFC 2231 parameter ("filename*=utf-8''%C3%9Cbersicht.wk4"), cut into continuations
// (filename*0*=..., filename*1*=...) when long. GMime cuts its continuations at fixed byte
// counts, which can split the bytes of one character between two segments; strict readers
// (Python's email package) decode each segment on its own and report that as damage, so the
// segments are cut here between characters only.
std::vector<std::string> rfc2231_parameter(std::string_view name, std::string_view utf8);

struct Parameter {
    std::string_view name;
    std::string_view value;  // UTF-8
};

// "Content-Type: text/plain; charset=utf-8 CR LF" and the like. Parameters are written the way
// GMime writes them: as a token when they can be, else quoted, folded before a parameter that
// would pass 78 columns; a value that is not ASCII or too long for one line goes out in RFC 2231
// form, one continuation per line.
void append_content_header(std::string& out, std::string_view header, std::string_view value,
                           const std::vector<Parameter>& parameters);

}  // namespace ccsalvage::mime
