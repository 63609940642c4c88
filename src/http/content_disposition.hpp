#pragma once
// The Content-Disposition of a download (RFC 6266): the exact file name as `filename*` (RFC 8187,
// UTF-8, percent-encoded), and an ASCII `filename` for clients that know only that one. Nothing
// of the name can end the quoted string or the header.

#include <string>
#include <string_view>

namespace echri::http {

// `attachment; filename="report_2026.pdf"; filename*=UTF-8''report%202026.pdf`
std::string attachment_disposition(std::string_view filename);

}  // namespace echri::http
