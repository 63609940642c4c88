#pragma once
// Bounded Damerau-Levenshtein (optimal string alignment) distance on short ASCII tokens.

#include <string_view>

namespace echri::screening {

// The number of single-letter insertions, deletions, substitutions and adjacent transpositions
// that turn `a` into `b`, or max_distance + 1 as soon as the distance is known to exceed
// max_distance. Tokens longer than 63 bytes are compared by equality only.
int bounded_edit_distance(std::string_view a, std::string_view b, int max_distance);
// The same over code points, for words compared in their own script.
int bounded_edit_distance(std::u32string_view a, std::u32string_view b, int max_distance);

// The same distance counted in half edits, where swapping two adjacent letters costs one half
// and every other edit two halves: a transposition is the commonest typing slip and changes the
// sound of a name least. Returns max_halves + 1 once the cost is known to exceed max_halves.
int bounded_typo_cost(std::string_view a, std::string_view b, int max_halves);

}  // namespace echri::screening
