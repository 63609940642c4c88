#pragma once
// What a built screening index consists of, shared by the index (screening_index.cpp), which
// builds and queries it, and the snapshot (index_snapshot.cpp), which writes and maps it.
// Internal to screening/.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/entity.hpp"
#include "screening/internal/binary_io.hpp"
#include "screening/internal/flat_tables.hpp"
#include "screening/internal/lazy_table.hpp"
#include "screening/name_model.hpp"

namespace echri::screening::internal {

// One name or alias of a listed entity, prepared for scoring.
struct Variant {
  std::uint32_t entity = 0;
  bool alias = false;
  bool weak = false;
  NameSchema schema = NameSchema::person;
  PreparedName name;
};

struct IndexData {
  // The mapped snapshot that the flat tables view, when the index was loaded from one.
  std::shared_ptr<const void> backing;

  LazyTable<core::ListedEntity> entities;
  LazyTable<Variant> variants;
  FlatStrings name_keys;            // entity -> its primary name's tokens, sorted, or ""
  FlatMultimap keys;                // token or joined pair -> {key id}
  LazyTable<NameToken> key_tokens;  // key id -> the key as a token
  FlatLists postings;               // key id -> variant ids
  FlatMultimap deletions;           // single deletion -> key ids
  FlatMultimap phonetics;           // phonetic key -> key ids
  FlatMultimap skeletons;           // consonant skeleton -> key ids
  FlatMultimap chinese;             // Chinese syllable key -> key ids
  FlatMultimap korean;              // Korean syllable key -> key ids
  FlatMultimap identifiers;         // normalised identifier -> entity ids

  void encode(ByteWriter& out) const;
  // The tables view the reader's buffer, which must outlive the result (see `backing`).
  // Throws Failure when the bytes are not a well-formed index.
  static IndexData decode(ByteReader& in);
};

}  // namespace echri::screening::internal
