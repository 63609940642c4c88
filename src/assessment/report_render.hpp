#pragma once
// Human-readable assessment reports: Markdown for a ticket, and a standalone HTML page an
// officer can file (no scripts, no external resources, prints on A4). Deterministic.

#include <string>

#include "assessment/assess.hpp"
#include "core/application.hpp"

namespace echri::assessment {

std::string render_markdown(const Assessment& assessment, const core::Application& application);
std::string render_html(const Assessment& assessment, const core::Application& application);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace echri::assessment
