#include "screening/edit_distance.hpp"

#include <algorithm>
#include <array>

namespace echri::screening {

namespace {

// Optimal string alignment with an edit costing `edit` and a transposition `transposition`.
template <class View>
int bounded_alignment_cost(View a, View b, int max_distance, int edit, int transposition) {
  constexpr std::size_t kMaxLength = 63;
  const int over = max_distance + 1;
  if (a == b) return 0;
  if (a.size() > kMaxLength || b.size() > kMaxLength) return over;
  const int length_gap = (static_cast<int>(a.size()) - static_cast<int>(b.size())) * edit;
  if (length_gap > max_distance || -length_gap > max_distance) return over;
  if (a.empty()) return static_cast<int>(b.size()) * edit;
  if (b.empty()) return static_cast<int>(a.size()) * edit;

  // Three rolling rows: the transposition rule looks two rows back.
  std::array<int, kMaxLength + 1> before_previous{};
  std::array<int, kMaxLength + 1> previous{};
  std::array<int, kMaxLength + 1> current{};
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j) * edit;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i) * edit;
    int row_minimum = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : edit;
      int value = std::min({previous[j] + edit, current[j - 1] + edit, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        value = std::min(value, before_previous[j - 2] + transposition);
      current[j] = value;
      row_minimum = std::min(row_minimum, value);
    }
    if (row_minimum > max_distance) return over;
    before_previous = previous;
    previous = current;
  }
  return std::min(previous[b.size()], over);
}

}  // namespace

int bounded_edit_distance(std::string_view a, std::string_view b, int max_distance) {
  return bounded_alignment_cost(a, b, max_distance, 1, 1);
}

int bounded_edit_distance(std::u32string_view a, std::u32string_view b, int max_distance) {
  return bounded_alignment_cost(a, b, max_distance, 1, 1);
}

int bounded_typo_cost(std::string_view a, std::string_view b, int max_halves) {
  return bounded_alignment_cost(a, b, max_halves, 2, 1);
}

}  // namespace echri::screening
