#pragma once
// The source-attribution layer of a model output: the `tag` coordinate (names and the
// `definition_<tag>` attributes) and every `S_contrib(time, tag, y, x)` variable (surface
// layer, S's units; the tags sum to S in every cell and hour), read as zone-mean hourly series
// per tag. Layout: solver/output/netcdf_writer.cpp (define_contrib), docs/attribution.md.
#include <string>
#include <vector>

#include "solver/products/model_output.hpp"
#include "solver/products/zone_mask.hpp"

namespace lantian::products {

/// One tag of the `tag` coordinate.
struct SourceTag {
  std::string name;        ///< "longkou_industry", ..., "other", "boundary", "initial"
  std::string definition;  ///< the attribute definition_<name> ("" when absent)
  std::string zone;        ///< zone of a zone-based tag (definition "zone 'NAME' of FILE; ..."), else ""
};

/// The tags and the tagged species of an output.
struct ContribLayout {
  std::vector<SourceTag> tags;
  std::vector<std::string> species;  ///< S of every S_contrib variable, in file order
  std::vector<std::string> units;    ///< the `units` attribute of each S_contrib
  std::vector<std::string> methods;  ///< the `attribution_method` attribute of each ("" when absent)
  /// Index of species S in `species`, or -1.
  int find(const std::string& s) const noexcept;
};

/// Reads the tag coordinate and the S_contrib variables. Throws lantian::Error naming the file:
/// "run has no attribution tags: set attribution.tags_file" when there is no S_contrib, and
/// naming the variable when an S_contrib is not (time, tag, y, x) or the `tag` coordinate is
/// missing, not text, or of another length.
ContribLayout read_contrib_layout(const ModelOutput& m);

/// Zone-mean hourly contributions of species S, in the units of S_contrib as written:
/// value of zone z (1-based), tag t, record k at [(z - 1) * ntags * nt + t * nt + k]; the mean
/// over the zone's cells with a value (NaN where none; the cell order is fixed, so the sums are
/// deterministic). Reads one record at a time: memory ntags x ncells per record.
std::vector<double> zone_contributions(const ModelOutput& m, const std::string& species, std::size_t ntags,
                                       const ZoneMask& zones);

}  // namespace lantian::products
