#pragma once
// The inventory readers, one per input format, and what they share (value checks, conversion
// to amounts per cell, MEIC conventions). Internal to emissions/inventory: read_inventory
// (inventory.hpp) chooses the reader.
#include <string>
#include <vector>

#include <netcdf>

#include "emissions/inventory/inventory.hpp"

namespace lantian::emis::detail {

/// MEIC ESRI ASCII grid (inventory_meic_ascii.cpp).
Inventory read_meic_ascii(const std::string& path, const InventoryOptions& opt);
/// MEIC GMT-style NetCDF grid: x_range, y_range, spacing, dimension, z (inventory_meic_gmt.cpp).
Inventory read_meic_gmt(const std::string& path, netCDF::NcFile& f, const InventoryOptions& opt);
/// CF NetCDF, lat-lon or projected (EDGAR, HTAP, CAMS; inventory_netcdf_cf.cpp).
Inventory read_netcdf_cf(const std::string& path, netCDF::NcFile& f, const InventoryOptions& opt);
/// TNO/CAMS-REG source list: area sources onto the grid, point sources kept (inventory_tno.cpp).
Inventory read_tno(const std::string& path, netCDF::NcFile& f);

/// The MEIC pollutants (tonnes); everything else in MEIC files is a mechanism species (Mmol).
bool is_meic_mass_species(const std::string& s);
/// The unit of a MEIC file that states none: emissions.meic_mass_unit or meic_mole_unit.
const std::string& meic_default_unit(const std::string& species, const InventoryOptions& opt);
/// Checks every value: finite and >= 0 (after replacing the fill value by 0); throws naming
/// the file, the variable and the cell (i, j) of a row-major grid with `nx` columns.
void check_values(const std::vector<double>& v, const std::string& file, const std::string& var, int nx);
/// Converts raw values (in `u`) to base units per cell, using cell areas for per-m2 units.
void to_per_cell(GriddedStream& s, const UnitSpec& u, const SourceGrid& g, const InventoryOptions& opt);
/// A lat-lon source grid from cell centres [deg].
SourceGrid latlon_grid(const std::vector<double>& lon_c, const std::vector<double>& lat_c);

}  // namespace lantian::emis::detail
