#pragma once
// Meteorology from WRF output (wrfout file series) on the model window: each rank reads only
// its block plus halo (hyperslabs), de-staggers, derives temperature, dry-air density, layer
// heights, Kz and the precipitation rate, and interpolates linearly in time between records.
// The equivalent in CMAQ's system is MCIP (Otte & Pleim 2010, doi:10.5194/gmd-3-243-2010).
// Kz: Holtslag & Boville (1993), doi:10.1175/1520-0442(1993)006<1825:LVNBLD>2.0.CO;2, or WRF's
// EXCH_H. Solar zenith: Spencer (1971).
#include <memory>
#include <string>
#include <vector>

#include "meteo/derived/pbl_kz.hpp"
#include "meteo/met_provider.hpp"
#include "meteo/wrf/wrf_domain.hpp"
#include "meteo/wrf/wrf_series.hpp"
#include "solver/core/utc_time.hpp"

namespace lantian::meteo {

struct WrfProviderOptions {
  WrfWindowOptions window;
  KzParams kz;
  bool use_exch_h = true;  ///< use WRF's EXCH_H for Kz when the files have it
};

class WrfMetProvider : public MetProvider {
 public:
  /// `files`: the wrfout series in time order; `start`: the case start, time 0 of fill(). The
  /// decomposition must be of the model window (nx_global, ny_global = the window's size), else
  /// lantian::Error.
  WrfMetProvider(std::vector<std::string> files, const WrfProviderOptions& opt, const parallel::Decomposition& decomp,
                 const UtcTime& start);
  /// The same on a series already open (not null).
  WrfMetProvider(std::unique_ptr<WrfSeries> series, const WrfProviderOptions& opt,
                 const parallel::Decomposition& decomp, const UtcTime& start);
  ~WrfMetProvider() override;

  void fill(double time_s, MetFields& out) override;
  /// Checks, before the first step, that the files cover the case start to start + t_end_s
  /// (error naming the files' first and last times and the missing period) and that every file
  /// the run reads a record from reads to its end (truncated netCDF-3 and netCDF-4 files;
  /// error naming file and variable). Collective: the files are shared out over the ranks, and
  /// every rank throws the same lantian::Error (the one of the first bad file in time order).
  void preflight(double t_end_s) const override;
  std::string describe() const override;

  const WrfDomain& domain() const noexcept { return domain_; }
  const WrfSeries& series() const noexcept { return *series_; }
  int nz() const noexcept { return domain_.nz(); }
  /// Valid times of the records [s since the case start].
  std::vector<double> record_times_s() const;
  /// Fills `out` with record `rec` exactly (no time interpolation; coszen at that time).
  void fill_record(int rec, MetFields& out);

 private:
  /// Fills `out` with record `rec`: reads the rank's block of WRF cells, derives the fields on
  /// WRF's layers, collapses them into the model layers, adds the surface fields, Kz and the
  /// face winds, and copies everything into the owned cells and halo.
  void prepare(int rec, MetFields& out);
  /// Fallbacks when the files lack UST and/or PBLH: fills `ust` (log law) and/or `pblh` (bulk
  /// Richardson number) on the cell block, from potential temperature `th`, `qv`, the
  /// w-level heights `zw` and the roughness `znt` (meteo/derived/pbl_diag.hpp).
  void diagnose_surface_layer(int rec, int ci_lo, int cj_lo, int bni, int bnj, const std::vector<double>& th,
                              const std::vector<double>& qv, const std::vector<double>& zw,
                              const std::vector<double>& znt, std::vector<double>& ust,
                              std::vector<double>& pblh) const;
  void fill_local(double time_s, MetFields& out);
  /// The prepared fields of record `rec`, loading it into the slot not holding `keep`.
  const MetFields& cached(int rec, int keep);

  std::unique_ptr<WrfSeries> series_;
  WrfDomain domain_;
  WrfProviderOptions opt_;
  parallel::Decomposition dec_;
  UtcTime start_;                                           ///< the case start: time 0 of fill()
  bool has_pblh_ = true, has_ust_ = true, has_hfx_ = true;  ///< present in the files, else diagnosed
  long records_prepared_ = 0;  ///< records read and prepared (cached()), for fill()'s agreement
  struct Slot {
    int rec = -1;
    MetFields f;
  };
  Slot slots_[2];
};

}  // namespace lantian::meteo
