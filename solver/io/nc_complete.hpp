#pragma once
// Detects truncated NetCDF files before they are read. A truncated netCDF-3 file (classic,
// 64-bit offset, CDF-5) opens without complaint and reads zeros past its end, so its header
// is parsed here (NetCDF Classic Format Specification, Unidata, "netCDF file format
// specifications") and every variable's last byte is compared with the file size. A
// truncated netCDF-4 (HDF5) file fails to open or to read in the HDF5 library; callers detect
// that by reading the last record of each variable they use (read_cf throws naming it).
#include <string>

namespace lantian::io {

/// Throws lantian::Error naming `path` and the first variable whose data lie past the end of
/// the file ("truncated: ..."), for netCDF-3 files. Does nothing for other formats (HDF5).
/// Cost: one read of the header, no data.
void check_not_truncated(const std::string& path);

}  // namespace lantian::io
