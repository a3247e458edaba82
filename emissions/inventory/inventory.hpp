#pragma once
// Inventory readers: gridded emissions as MEIC distributes them (ESRI ASCII grids and GMT-style
// NetCDF, t or Mmol per cell per month; Li et al., 2017, Atmos. Chem. Phys. 17, 935-963,
// doi:10.5194/acp-17-935-2017), CF NetCDF as EDGAR/HTAP/CAMS ship them (Crippa et al., 2018,
// Earth Syst. Sci. Data 10, 1987-2013, doi:10.5194/essd-10-1987-2018), the TNO/CAMS-REG
// source list (Kuenen et al., 2022, Earth Syst. Sci. Data 14, 491-515,
// doi:10.5194/essd-14-491-2022), and point sources from CSV.
#include <map>
#include <string>
#include <vector>

#include "emissions/inventory/source_grid.hpp"
#include "emissions/inventory/units.hpp"

namespace lantian::emis {

/// One species of one sector on a source grid.
struct GriddedStream {
  std::string species;  ///< as the inventory names it (NOx, NMVOC, PAR, ch4, ...)
  std::string sector;   ///< as the inventory names it (industry, A, agriculture, total, ...)
  UnitSpec unit;        ///< of `per_cell` after conversion: to_base = 1, per_m2 = false
  /// Amount per source cell [g or mol per unit.period], row-major (j * nx + i), j northward.
  std::vector<double> per_cell;
  int year = 0, month = 0;  ///< the period the data describe (0: not stated)
  std::string origin;       ///< "file:variable" for messages
};

/// A point source (stack). Stack parameters < 0 when the inventory has none (emitted into
/// the surface layer).
struct PointSource {
  std::string id;
  double lon_deg = 0.0, lat_deg = 0.0;
  double height_m = -1.0, diameter_m = -1.0, exit_temp_k = -1.0, exit_velocity_m_s = -1.0;
  std::string sector;
  /// Emissions per species [g or mol per period of `unit`, after conversion to base units].
  std::map<std::string, double> emis;
  std::map<std::string, UnitSpec> unit;
  std::string origin;  ///< "file:line"
};

struct Inventory {
  std::string path;
  std::string format;  ///< "meic-asc", "meic-gmt", "cf", "tno"
  SourceGrid grid;
  std::vector<GriddedStream> streams;
  std::vector<PointSource> points;
  /// Inconsistencies found while reading (e.g. a stated total the data do not reproduce).
  std::vector<std::string> warnings;
};

struct InventoryOptions {
  std::string meic_mass_unit = "t/month";     ///< MEIC files state no units: pollutants
  std::string meic_mole_unit = "Mmol/month";  ///< and mechanism VOC species
  std::string default_sector = "total";       ///< for CF variables that name no sector
  /// Source lat-lon cell areas: "parallels" (exact) or "great_circle" (as CDO's gridarea).
  std::string latlon_area = "parallels";
};

/// Reads any supported gridded format, chosen from the name and contents:
/// *.asc -> MEIC ESRI ASCII; NetCDF with x_range/z -> MEIC GMT; with a `source` dimension and
/// emis_cat_code -> TNO; otherwise CF. Throws lantian::Error naming file, variable and line.
Inventory read_inventory(const std::string& path, const InventoryOptions& opt = {});

/// MEIC file-name convention <yyyy>_<mm>__<sector>__<species>.{asc,nc}; false if not matching.
bool parse_meic_name(const std::string& path, int& year, int& month, std::string& sector, std::string& species);

/// Point sources from CSV: header `id,lon,lat,height_m,diameter_m,exit_temp_k,
/// exit_velocity_m_s,sector,<SPECIES>[<unit>],...` (unit default t/yr); '#' lines are comments.
std::vector<PointSource> read_point_sources_csv(const std::string& path);

/// Mass of a stream over the source grid in base units per period (sum over cells).
double stream_total(const GriddedStream& s);

}  // namespace lantian::emis
