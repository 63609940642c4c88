#pragma once
// Words so common in names that matching them says little: given names shared by millions, and
// generic words of organisation names. A built-in table rather than frequencies of the loaded
// lists, so that a pair of names scores the same whatever lists are loaded.

#include <string_view>

namespace echri::screening {

enum class Commonness { distinctive, common_given_name, generic_org_word };

Commonness commonness_of(std::string_view folded_token);

// A country or region name: in an organisation's name it usually says where a branch is.
bool is_place_word(std::string_view folded_token);

}  // namespace echri::screening
