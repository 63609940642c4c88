#pragma once
// Internal to screening/: what the list parsers share. Not part of the module's contract; the
// parsers throw echri::Failure (core/result.hpp) and parse_list_files turns it into a Result.

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/entity.hpp"
#include "core/result.hpp"

namespace echri::screening::detail {

[[noreturn]] void fail_at(std::string where, std::string message,
                          ErrorKind kind = ErrorKind::invalid_input);
// "file:line" and "file:line: field X", the locations every parser error carries.
std::string location(const std::string& file, std::size_t line);
std::string location(const std::string& file, std::size_t line, std::string_view field);

// The whole file. Fails with an io error when it cannot be read, and with invalid_input when it
// is empty, since an empty download must never replace a list.
std::string read_list_file(const std::filesystem::path& path);
// Drops a UTF-8 byte-order mark; fails naming the line when the content is not UTF-8.
std::string_view require_utf8(std::string_view content, const std::string& file);
// Legacy US government files are Latin-1 (or ASCII): keeps valid UTF-8, converts anything else.
std::string utf8_or_latin1(std::string content);
// 1-based line number of a byte offset.
std::size_t line_at(std::string_view content, std::size_t offset);
// The next CSV record into `fields`; false at the end. Malformed CSV throws Failure.
bool next_record(core::CsvReader& reader, std::vector<std::string>& fields);
// Fails naming file:line unless a record has as many fields as the header.
void require_field_count(const std::vector<std::string>& fields, std::size_t header_size,
                         const std::string& file, std::size_t line);
// Parses UTF-8 XML that must outlive `document`; fails naming the line of the first error.
void load_xml(pugi::xml_document& document, std::string_view content, const std::string& file);

// Dates to "YYYY", "YYYY-MM" or "YYYY-MM-DD". normalise_date understands ISO dates (with any
// time part), "12 Jan 1960", "Jan 1960", "Jan. 1960", "1960", "circa 1960", "12.01.1960".
std::optional<std::string> normalise_date(std::string_view text);
// Day-first "DD/MM/YYYY" with 00 for unknown parts (UK), and month-first "MM/DD/YYYY" (BIS).
std::optional<std::string> normalise_dmy(std::string_view text);
std::optional<std::string> normalise_mdy(std::string_view text);
// A birth date as lists write it, ranges included: "1955 to 1957", "circa 1979-1982",
// "01 Jan 1961 to 31 Dec 1962" become every year in the range (at most 20 years).
std::vector<std::string> parse_date_expression(std::string_view text);
std::vector<std::string> years_between(int from, int to);

// Trims and collapses runs of white space (lists wrap long names over lines).
std::string clean(std::string_view text);

// Entity assembly; each skips empty values and duplicates.
void add_unique(std::vector<std::string>& values, std::string value);
// Adds the ISO alpha-2 code when the code or name resolves; returns false when it does not.
bool add_country(core::ListedEntity& entity, std::string_view code_or_name);
void add_alias(core::ListedEntity& entity, std::string_view name, core::AliasStrength strength);
// Resolves country_code from country, adds the code to the entity's countries.
void add_address(core::ListedEntity& entity, core::Address address);
void add_identifier(core::ListedEntity& entity, core::Identifier identifier);
void add_date_of_birth(core::ListedEntity& entity, std::string date);
void append_remark(std::string& remarks, std::string_view text);

// Lists without a type column: organization when the name carries a legal form or an
// organisation word (LLC, LTD, GMBH, CORP, INSTITUTE...), else the fallback.
core::EntityType guess_type(std::string_view name, core::EntityType fallback);
bool has_legal_form(std::string_view name);

// A stable id for lists that publish none: prefix + 16 hex digits of the SHA-256 of the parts.
std::string stable_id(std::string_view prefix, std::initializer_list<std::string_view> parts);

}  // namespace echri::screening::detail
