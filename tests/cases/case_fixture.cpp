#include "case_fixture.hpp"

#include <cstdlib>

#include "assessment/catalogue.hpp"
#include "assessment/policy.hpp"
#include "screening/list_format.hpp"

namespace echri::cases::testing {

void CaseTest::SetUp() {
  dir_ = std::make_unique<echri::testing::TempDir>();
  ECHRI_STORE_URL_OR_SKIP(url, GetParam(), dir_->path(), "cases");
  store::StoreOptions options;
  options.clock = [this] { return now(); };
  auto opened = store::open_store(url, dir_->path(), options);
  ASSERT_TRUE(opened) << opened.error().describe();
  store_ = std::move(*opened);

  auto parsed = screening::parse_list_files(
      {std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/demo_list.csv"},
      screening::ListFormat::csl_csv);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  std::vector<core::ListedEntity> entities;
  for (auto& list : *parsed)
    for (auto& entity : list.entities) entities.push_back(std::move(entity));
  lists_ = std::make_unique<ListHolder>(
      LoadedLists{screening::ScreeningIndex(std::move(entities)), {"demo@test"}});
  evaluator_ =
      std::make_unique<Evaluator>(*lists_, assessment::Catalogue::builtin(),
                                  assessment::Policy::builtin(), assessment::CountryData{}, 0.85);
  cases_ = std::make_unique<CaseServices>(*store_, *evaluator_, [this] { return now(); });
  inquiries_ = std::make_unique<Inquiries>(*store_, *evaluator_, [this] { return now(); });
}

void CaseTest::TearDown() {
  inquiries_.reset();
  cases_.reset();
  store_.reset();
}

void CaseTest::advance_days(int days) {
  std::tm date{};
  date.tm_year = std::stoi(today_.substr(0, 4)) - 1900;
  date.tm_mon = std::stoi(today_.substr(5, 2)) - 1;
  date.tm_mday = std::stoi(today_.substr(8, 2)) + days;
  date.tm_hour = 12;
  const auto normalised = timegm(&date);
  std::tm out{};
  gmtime_r(&normalised, &out);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &out);
  today_ = text;
}

nlohmann::json CaseTest::demo_application() {
  auto application = nlohmann::json::parse(echri::testing::read_file(
      std::filesystem::path(ECHRI_SOURCE_DIR) / "data/demo/application.json"));
  application.erase("submitted_on");
  application["assurances"]["post_shipment_checks"] = true;
  return application;
}

nlohmann::json CaseTest::harmless_application() {
  return nlohmann::json::parse(echri::testing::read_file(echri::testing::fixtures_dir() /
                                                         "cases/harmless_application.json"));
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace echri::cases::testing
