#include "screening/index_snapshot.hpp"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <memory>

#include "core/digest.hpp"
#include "core/file_io.hpp"
#include "screening/internal/index_data.hpp"
#include "screening/name_model.hpp"

namespace echri::screening {
namespace {

constexpr std::string_view kMagic = "ECHRIIDX";
// Bump when the tables' layout changes; any other change of the program makes snapshots stale
// through its build id.
constexpr std::uint32_t kFormat = 1;
constexpr std::uint32_t kByteOrderMark = 0x01020304;

// The running program's GNU build id in hex, or "" when it was linked without one. A snapshot
// records it: another build may prepare names differently, so its snapshot is stale.
std::string program_build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) -> int {
        // The first object is the program itself, which this library is linked into.
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const auto& header = info->dlpi_phdr[i];
          if (header.p_type != PT_NOTE) continue;
          // The loader gives the segment's address as a number.
          const char* note = reinterpret_cast<const char*>(  // NOLINT(performance-no-int-to-ptr)
              info->dlpi_addr + header.p_vaddr);
          const char* end = note + header.p_memsz;
          while (note + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) nhdr{};
            std::memcpy(&nhdr, note, sizeof nhdr);
            const char* name = note + sizeof nhdr;
            const char* desc = name + ((nhdr.n_namesz + 3) & ~3U);
            if (desc + nhdr.n_descsz > end) break;
            if (nhdr.n_type == NT_GNU_BUILD_ID && nhdr.n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
              static constexpr char kHex[] = "0123456789abcdef";
              auto& text = *static_cast<std::string*>(out);
              for (std::uint32_t k = 0; k < nhdr.n_descsz; ++k) {
                const auto byte = static_cast<unsigned char>(desc[k]);
                text += kHex[byte >> 4];
                text += kHex[byte & 15];
              }
              return 1;
            }
            note = desc + ((nhdr.n_descsz + 3) & ~3U);
          }
        }
        return 1;
      },
      &id);
  return id;
}

// Without a build id, how this build prepares names in every script the name model treats
// apart stands in for it (slower: it creates the transliterators).
constexpr std::array<std::string_view, 12> kProbeNames = {"AL-ASSAD, Bashar",
                                                          "بشار الأسد",
                                                          "حسن نصر الله",
                                                          "Хасан Насралла",
                                                          "Ким Чен Ын",
                                                          "김정은",
                                                          "金正恩",
                                                          "Mao Tse-tung",
                                                          "Abd al-Rahman Mohammadi",
                                                          "Seyyed Ali Hoseini-ye Khamenei",
                                                          "Fictitious Trading INTL Corp LLC",
                                                          "M/T ARTAVIL 9116412"};

std::string probe_digest() {
  core::Sha256 hash;
  for (const auto name : kProbeNames) {
    for (const auto schema : {NameSchema::person, NameSchema::organization}) {
      const PreparedName prepared = prepare_name(name, schema);
      for (const auto& token : prepared.tokens) {
        hash.update(token.text).update("|").update(token.phonetic).update("|");
        hash.update(token.skeleton)
            .update("|")
            .update(std::to_string(static_cast<int>(token.kind)));
        hash.update("|").update(std::to_string(token.weight)).update("|");
        hash.update(std::to_string(static_cast<int>(token.script))).update("|");
        hash.update(token.alternate).update("|").update(token.korean).update("|");
        hash.update(token.chinese).update(token.wade_giles ? "|w" : "|").update("\n");
      }
      hash.update("\n");
    }
  }
  return hash.hex_digest().substr(0, 16);
}

// What prepared the names: this build.
const std::string& builder_identity() {
  static const std::string identity = [] {
    const std::string build = program_build_id();
    return build.empty() ? "names " + probe_digest() : "build " + build;
  }();
  return identity;
}

// Four lanes of multiply-rotate over 8-byte words: a few milliseconds for the whole file, and
// any flipped bit changes it. Not a defence against a forger, who could as well edit the lists.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
  std::array<std::uint64_t, 4> lanes = {1, 2, 3, 4};
  std::size_t i = 0;
  for (; i + 32 <= bytes.size(); i += 32) {
    for (std::size_t lane = 0; lane < 4; ++lane) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes.data() + i + lane * 8, 8);
      lanes[lane] = std::rotl((lanes[lane] ^ word) * kPrime, 29);
    }
  }
  std::uint64_t hash = bytes.size();
  for (; i < bytes.size(); ++i) hash = (hash ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  for (const auto lane : lanes) hash = std::rotl((hash ^ lane) * kPrime, 31);
  return hash;
}

// A read-only mapping of a whole file, unmapped when the last index using it is gone.
class MappedFile {
 public:
  static Result<std::shared_ptr<const MappedFile>> open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return fail(ErrorKind::not_found, "no index snapshot", path.string());
      return fail(ErrorKind::io, std::string("cannot open: ") + std::strerror(errno),
                  path.string());
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      const int error = errno;
      ::close(fd);
      return fail(ErrorKind::io, std::string("cannot stat: ") + std::strerror(error),
                  path.string());
    }
    const auto size = static_cast<std::size_t>(info.st_size);
    void* address = size == 0 ? nullptr : ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    const int error = errno;
    ::close(fd);  // the mapping keeps the file
    if (size == 0) return fail(ErrorKind::invalid_input, "empty index snapshot", path.string());
    if (address == MAP_FAILED)
      return fail(ErrorKind::io, std::string("cannot map: ") + std::strerror(error), path.string());
    return std::shared_ptr<const MappedFile>(new MappedFile(address, size));  // NOLINT: private
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&&) = delete;
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() { ::munmap(address_, size_); }

  [[nodiscard]] std::string_view bytes() const {
    return {static_cast<const char*>(address_), size_};
  }

 private:
  MappedFile(void* address, std::size_t size) : address_(address), size_(size) {}
  void* address_;
  std::size_t size_;
};

void pad8(std::string& bytes) {
  while (bytes.size() % 8 != 0) bytes.push_back('\0');
}

// `must_write`: whether a snapshot that cannot be written fails the call; otherwise it only
// costs the next command the build again.
Result<ScreeningIndex> build_and_save(const std::filesystem::path& data_dir,
                                      const std::string& fingerprint, bool must_write) {
  auto entities = ListStore(data_dir).load_all();
  if (!entities) return tl::unexpected(entities.error());
  ScreeningIndex index(std::move(*entities));
  auto written = write_index_snapshot(index, fingerprint, index_snapshot_path(data_dir));
  if (!written && must_write) return tl::unexpected(written.error());
  return index;
}

Result<std::vector<ListVersion>> imported_lists(const std::filesystem::path& data_dir) {
  auto lists = ListStore(data_dir).status();
  if (!lists) return tl::unexpected(lists.error());
  if (lists->empty()) {
    return fail(ErrorKind::not_found,
                "no restricted-party lists imported under " + (data_dir / "lists").string() +
                    "; run `echri lists import PATH...` or `echri lists update` first");
  }
  return lists;
}

}  // namespace

std::filesystem::path index_snapshot_path(const std::filesystem::path& data_dir) {
  return data_dir / "lists" / std::string(kIndexSnapshotFile);
}

std::string index_fingerprint(const std::vector<ListVersion>& lists) {
  std::string fingerprint = "format " + std::to_string(kFormat) + "; " + builder_identity();
  for (const auto& list : lists) fingerprint += "; " + list.list_id + " " + list.version;
  return fingerprint;
}

Result<void> write_index_snapshot(const ScreeningIndex& index, const std::string& fingerprint,
                                  const std::filesystem::path& file) {
  internal::ByteWriter payload;
  try {
    index.data().encode(payload);
  } catch (const Failure& failure) {
    return tl::unexpected(failure.error);
  }
  std::string bytes(kMagic);
  const auto append = [&bytes](const auto& value) {
    bytes.append(reinterpret_cast<const char*>(&value), sizeof value);  // NOLINT: raw bytes
  };
  append(kFormat);
  append(kByteOrderMark);
  append(static_cast<std::uint64_t>(fingerprint.size()));
  bytes += fingerprint;
  pad8(bytes);
  append(static_cast<std::uint64_t>(payload.bytes().size()));
  append(checksum(payload.bytes()));
  bytes += payload.bytes();
  return core::replace_file_atomically(file, bytes);
}

Result<ScreeningIndex> read_index_snapshot(const std::filesystem::path& file,
                                           const std::string& fingerprint) {
  auto mapped = MappedFile::open(file);
  if (!mapped) return tl::unexpected(mapped.error());
  const std::string where = file.string();
  try {
    std::string_view bytes = (*mapped)->bytes();
    internal::ByteReader header(bytes, bytes.data());
    if (header.bytes(kMagic.size()) != kMagic)
      return fail(ErrorKind::invalid_input, "not an echri index snapshot", where);
    if (const auto format = header.u32(); format != kFormat)
      return fail(ErrorKind::stale,
                  "index snapshot format " + std::to_string(format) + ", this build reads " +
                      std::to_string(kFormat),
                  where);
    if (header.u32() != kByteOrderMark)
      return fail(ErrorKind::invalid_input, "index snapshot from a machine of another byte order",
                  where);
    const std::uint64_t fingerprint_size = header.u64();
    if (fingerprint_size > bytes.size())
      return fail(ErrorKind::invalid_input, "corrupt index snapshot: bad fingerprint", where);
    const std::string_view stored = header.bytes(fingerprint_size);
    if (stored != fingerprint)
      return fail(
          ErrorKind::stale,
          "built from \"" + std::string(stored) + "\", the lists now give \"" + fingerprint + "\"",
          where);
    const std::size_t used = (kMagic.size() + 16 + fingerprint_size + 7) / 8 * 8;
    bytes.remove_prefix(std::min(used, bytes.size()));
    internal::ByteReader sizes(bytes, bytes.data());
    const std::uint64_t payload_size = sizes.u64();
    const std::uint64_t expected_sum = sizes.u64();
    bytes.remove_prefix(16);
    if (payload_size != bytes.size())
      return fail(ErrorKind::invalid_input,
                  "index snapshot cut short or padded: " + std::to_string(bytes.size()) +
                      " bytes of tables, the header says " + std::to_string(payload_size),
                  where);
    if (checksum(bytes) != expected_sum)
      return fail(ErrorKind::invalid_input, "index snapshot checksum does not match", where);
    internal::ByteReader reader(bytes, bytes.data());
    internal::IndexData data = internal::IndexData::decode(reader);
    data.backing = *mapped;
    return ScreeningIndex(std::move(data));
  } catch (const Failure& failure) {
    Error error = failure.error;
    error.where = where;
    return tl::unexpected(std::move(error));
  }
}

Result<ListIndex> load_list_index(const std::filesystem::path& data_dir) {
  auto lists = imported_lists(data_dir);
  if (!lists) return tl::unexpected(lists.error());
  const std::string fingerprint = index_fingerprint(*lists);
  auto snapshot = read_index_snapshot(index_snapshot_path(data_dir), fingerprint);
  if (snapshot) return ListIndex{std::move(*snapshot), std::move(*lists), true, {}};
  std::string because = snapshot.error().kind == ErrorKind::not_found ? "no index snapshot yet"
                                                                      : snapshot.error().message;
  auto built = build_and_save(data_dir, fingerprint, false);
  if (!built) return tl::unexpected(built.error());
  return ListIndex{std::move(*built), std::move(*lists), false, std::move(because)};
}

Result<ListIndex> rebuild_list_index(const std::filesystem::path& data_dir) {
  auto lists = imported_lists(data_dir);
  if (!lists) return tl::unexpected(lists.error());
  auto built = build_and_save(data_dir, index_fingerprint(*lists), true);
  if (!built) return tl::unexpected(built.error());
  return ListIndex{std::move(*built), std::move(*lists), false, "rebuilt"};
}

}  // namespace echri::screening
