#include "meteo/wrf/meteo_config.hpp"

#include <filesystem>

#include "meteo/wrf/wrf_domain.hpp"
#include "meteo/wrf/wrf_met_provider.hpp"
#include "solver/core/constants.hpp"

namespace lantian::meteo {

namespace {

WrfProviderOptions options_from(const config::CaseConfig& cfg) {
  WrfProviderOptions o;
  o.window.btrim = static_cast<int>(cfg.get_int("meteo.btrim"));
  for (auto v : cfg.get_ints("meteo.layer_interfaces")) o.window.layer_interfaces.push_back(static_cast<int>(v));
  o.kz.kz_min_m2_s = cfg.get_real("meteo.kz_min_m2_s");
  o.kz.kz_min_urban_m2_s = cfg.get_real("meteo.kz_min_urban_m2_s");
  o.kz.kz_max_m2_s = cfg.get_real("meteo.kz_max_m2_s");
  o.use_exch_h = cfg.get_bool("meteo.use_exch_h");
  if (o.kz.kz_max_m2_s < o.kz.kz_min_m2_s || o.kz.kz_max_m2_s < o.kz.kz_min_urban_m2_s)
    throw cfg.error_at("meteo.kz_max_m2_s", "must not be smaller than the Kz minima");
  return o;
}

}  // namespace

void declare_meteo_keys(config::Schema& s) {
  s.add(config::key_strings("meteo.files", std::vector<std::string>{},
                            "WRF output files (wrfout) in time order: paths or globs (`wrfout_d01_*`), "
                            "relative to the case file; needed when meteo.source = \"wrf\""));
  s.add(config::key_int("meteo.btrim", -1, "1",
                        "MCIP's BTRIM: -1 uses every WRF mass point; b >= 0 drops b+1 rows on each side "
                        "(model cell (i,j) = WRF cell (i+b+1, j+b+1))",
                        -1, 1000));
  s.add(config::key_ints("meteo.layer_interfaces", std::vector<std::int64_t>{}, "1",
                         "WRF w-level indices of the model layer interfaces (0 first, WRF's bottom_top "
                         "last, increasing); empty: every WRF layer",
                         0, 1000));
  s.add(config::key_real("meteo.kz_min_m2_s", 0.01, "m2 s-1", "minimum vertical diffusivity over rural land and water",
                         0.0, 100.0));
  s.add(config::key_real("meteo.kz_min_urban_m2_s", 1.0, "m2 s-1",
                         "minimum vertical diffusivity over urban land (LU_INDEX = ISURBAN)", 0.0, 100.0));
  s.add(config::key_real("meteo.kz_max_m2_s", 1000.0, "m2 s-1", "maximum vertical diffusivity", 0.0, 1e5));
  s.add(config::key_bool("meteo.use_exch_h", true,
                         "use WRF's EXCH_H for Kz when the files have it (else Holtslag-Boville similarity)"));
}

std::vector<std::string> wrf_files(const config::CaseConfig& cfg) {
  const auto& pats = cfg.get_strings("meteo.files");
  if (pats.empty()) throw cfg.error_at("meteo.files", "no WRF files given (meteo.source = \"wrf\" needs them)");
  std::string base;
  if (!cfg.path().empty()) base = std::filesystem::path(cfg.path()).parent_path().string();
  try {
    return expand_file_globs(pats, base);
  } catch (const Error& e) {
    throw cfg.error_at("meteo.files", e.what());
  }
}

std::unique_ptr<WrfSeries> open_wrf_series(const config::CaseConfig& cfg) {
  return std::make_unique<WrfSeries>(wrf_files(cfg));
}

grid::HorizontalGrid wrf_model_grid(const WrfSeries& s, const config::CaseConfig& cfg) {
  return make_wrf_domain(s, options_from(cfg).window).model_grid;
}

grid::HorizontalGrid wrf_model_grid(const config::CaseConfig& cfg) {
  return wrf_model_grid(*open_wrf_series(cfg), cfg);
}

std::vector<double> wrf_layer_interfaces_m(const WrfSeries& s, const config::CaseConfig& cfg) {
  const WrfDomain d = make_wrf_domain(s, options_from(cfg).window);
  const int nx = d.model_grid.nx, ny = d.model_grid.ny, nzw = s.nz();
  const auto ph =
      s.read("PH", 0, {"bottom_top_stag", "south_north", "west_east"}, 0, nzw + 1, d.offset_j, ny, d.offset_i, nx);
  const auto phb =
      s.read("PHB", 0, {"bottom_top_stag", "south_north", "west_east"}, 0, nzw + 1, d.offset_j, ny, d.offset_i, nx);
  const size_t ncol = static_cast<size_t>(nx) * static_cast<size_t>(ny);
  std::vector<double> z;
  for (int w : d.w_levels) {
    double sum = 0;  // fixed order: deterministic
    for (size_t c = 0; c < ncol; ++c) {
      const size_t n = static_cast<size_t>(w) * ncol + c;
      sum += (ph[n] + phb[n] - ph[c] - phb[c]) / constants::k_gravity_m_s2;
    }
    z.push_back(sum / static_cast<double>(ncol));
  }
  z.front() = 0.0;
  return z;
}

std::vector<double> wrf_layer_interfaces_m(const config::CaseConfig& cfg) {
  return wrf_layer_interfaces_m(*open_wrf_series(cfg), cfg);
}

std::unique_ptr<MetProvider> make_wrf_provider(std::unique_ptr<WrfSeries> series, const config::CaseConfig& cfg,
                                               const parallel::Decomposition& decomp, const UtcTime& start) {
  return std::make_unique<WrfMetProvider>(std::move(series), options_from(cfg), decomp, start);
}

std::unique_ptr<MetProvider> make_wrf_provider(const config::CaseConfig& cfg, const parallel::Decomposition& decomp,
                                               const UtcTime& start) {
  return make_wrf_provider(open_wrf_series(cfg), cfg, decomp, start);
}

}  // namespace lantian::meteo
