#pragma once
// Imported country indicators under <data-dir>/countries/: one file per source (pts.json,
// fiw.json, authority.json), each replaced atomically, so a failed import leaves the previous
// data in place.

#include <filesystem>
#include <vector>

#include "assessment/country_data.hpp"
#include "assessment/country_import.hpp"
#include "core/result.hpp"

namespace echri::assessment {

class CountryStore {
 public:
  explicit CountryStore(const std::filesystem::path& data_dir);

  // Replaces the stored data of the imported source (sets source.imported_at).
  Result<IndicatorSource> save(const ImportedIndicators& imported);
  // Saves several sources as one step: every file is written and synced before any replaces its
  // predecessor, so a failure while writing leaves all the previous data in place.
  Result<std::vector<IndicatorSource>> save_all(const std::vector<ImportedIndicators>& imports);
  // Adds or replaces one authority assessment, keeping the others.
  Result<void> set_authority(const AuthorityAssessment& assessment);
  // Everything stored; an empty CountryData when nothing was imported.
  Result<CountryData> load() const;

 private:
  std::filesystem::path dir_;
};

}  // namespace echri::assessment
