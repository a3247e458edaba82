#include "solver/transport/transport_config.hpp"

#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/error.hpp"
#include "solver/transport/boundary/global_cf_boundary.hpp"
#include "solver/transport/boundary/profile_boundary.hpp"

namespace lantian::transport {

using namespace config;

void declare_transport_keys(Schema& s) {
  s.add(key_bool("transport.horizontal_advection", true, "PPM advection along x and y"));
  s.add(key_bool("transport.vertical_advection", true, "PPM advection along z (mass-consistent)"));
  s.add(key_bool("transport.vertical_diffusion", true, "implicit vertical diffusion"));
  s.add(key_real("transport.kh_m2_s", 0.0, "m2 s-1", "horizontal eddy diffusivity (0: none)", 0, 1e6));
  s.add(key_real("transport.courant_max", 0.9, "1", "largest outflow fraction per advection sub-step", 0.05, 1.0));
  s.add(key_string("transport.top_boundary", "zero_gradient", "inflow through the model top",
                   {"zero_gradient", "profile"}));
  s.add(key_string("boundary.source", "profile",
                   "where the lateral and top inflow comes from: fixed profiles from the species keys "
                   "(species.boundary, species.boundary_scale_height_m), or a global model's CF-netCDF fields "
                   "(global_cf: boundary.files, boundary.species_table; docs/boundaries.md)",
                   {"profile", "global_cf"}));
  s.add(key_strings("boundary.files", std::vector<std::string>{},
                    "global_cf: the global model's CF-netCDF files covering the run, in time order: paths or globs "
                    "(`cams_*.nc`); lat/lon grid, pressure or hybrid sigma-pressure levels, a CF time axis"));
  s.add(key_string("boundary.species_table", std::string("configs/boundary/cams_to_cb6.toml"),
                   "global_cf: TOML table of model species <- global variables with factors (species not in it keep "
                   "the species-key profiles)"));
}

AdvectionOptions advection_options(const CaseConfig& cfg) {
  AdvectionOptions adv;
  adv.courant_max = cfg.get_real("transport.courant_max");
  adv.horizontal = cfg.get_bool("transport.horizontal_advection");
  adv.vertical = cfg.get_bool("transport.vertical_advection");
  return adv;
}

std::unique_ptr<BoundaryProvider> make_boundary_provider(const BoundaryContext& c) {
  if (c.cfg.get_string("boundary.source") == "global_cf") {
    const auto& pats = c.cfg.get_strings("boundary.files");
    if (pats.empty())
      throw c.cfg.error_at("boundary.files", "no files given (boundary.source = \"global_cf\" needs them)");
    std::vector<std::string> files;
    for (const auto& p : pats) {
      if (p.find_first_of("*?[") == std::string::npos) {
        files.push_back(c.cfg.input_path("boundary.files", p));
        continue;
      }
      try {
        const auto found = meteo::expand_file_globs({p}, c.cfg.base_dir("boundary.files", true));
        files.insert(files.end(), found.begin(), found.end());
      } catch (const Error&) {
        throw c.cfg.error_at("boundary.files", "'" + p + "' matches no file");
      }
    }
    return std::make_unique<GlobalCfBoundary>(c, std::move(files), c.cfg.input_path("boundary.species_table"));
  }
  return std::make_unique<ProfileBoundary>(inflow_profiles(c.cfg, c.species, c.vgrid, c.background));
}

TopBoundary top_boundary(const CaseConfig& cfg) {
  return cfg.get_string("transport.top_boundary") == "profile" ? TopBoundary::profile : TopBoundary::zero_gradient;
}

}  // namespace lantian::transport
