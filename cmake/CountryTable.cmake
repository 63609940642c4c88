# The ISO 3166-1 table comes from Debian's iso-codes package; it is embedded at build time so that
# the library does no file I/O to resolve a country.
set(ECHRI_ISO3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json" CACHE FILEPATH "ISO 3166-1 table (iso-codes)")
if(NOT EXISTS "${ECHRI_ISO3166_JSON}")
  message(FATAL_ERROR "ISO 3166-1 table not found at ${ECHRI_ISO3166_JSON}: install Debian's iso-codes package")
endif()
set(ECHRI_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
file(READ "${ECHRI_ISO3166_JSON}" _iso_json)
file(WRITE "${ECHRI_GENERATED_DIR}/iso3166_table.inc.tmp"
  "// Generated from ${ECHRI_ISO3166_JSON}; do not edit.\nR\"ISO3166(${_iso_json})ISO3166\"\n")
configure_file("${ECHRI_GENERATED_DIR}/iso3166_table.inc.tmp" "${ECHRI_GENERATED_DIR}/iso3166_table.inc" COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ECHRI_ISO3166_JSON}")
