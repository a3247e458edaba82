#pragma once
// A synthetic winter heavy-pollution episode over the Yantai domain, written in WRF format by
// `lantian synth-met --episode winter_stagnation`: January, cold (-5 to +5 C over land), three
// stagnant days under a shallow boundary layer (nocturnal surface inversion below an elevated
// subsidence inversion that sinks day by day, 0.7-1.3 m s-1 winds slowly veering from south to
// west-south-west, dry), then a cold front from the north-north-west (northerly 8-12 m s-1,
// boundary layer 1-1.5 km, 8 K colder, a brief snow band) that clears the air. The shape follows
// the conceptual model of North China winter haze episodes (stagnation ahead of a cold front:
// Zhang et al. 2015, Atmos. Chem. Phys. 15, 2387, doi:10.5194/acp-15-2387-2015); the numbers are
// illustrative, not a forecast.
#include "solver/core/utc_time.hpp"

namespace lantian::meteo {

/// Parameters of the winter episode (times from SynthMetOptions::start).
struct WinterEpisodeOptions {
  double front_h = 84.0;              ///< the cold front crosses the domain centre [h after start]
  double front_speed_km_h = 40.0;     ///< its speed towards the south-south-east (bearing 160) [km h-1]
  double stagnant_wind_m_s = 1.0;     ///< daily-mean 10 m wind speed before the front [m s-1]
  double cap_m = 380.0;               ///< base of the elevated inversion at the start [m]
  double cap_sink_m_day = 60.0;       ///< its sinking rate until the front [m day-1]
  double post_front_wind_m_s = 10.0;  ///< 10 m northerly behind the front [m s-1]
  double snow_mm_h = 0.6;             ///< peak precipitation rate in the front's band (water) [mm h-1]
};

/// Throws lantian::Error naming the first parameter out of its range.
void check_winter_options(const WinterEpisodeOptions& w);

/// Episode names accepted by SynthMetOptions::episode.
inline constexpr const char* k_episode_summer = "summer";
inline constexpr const char* k_episode_winter = "winter_stagnation";

/// The default first record of the winter episode: 2027-01-10 12:00 UTC (20:00 Beijing time),
/// so a case starting at 16 UTC (local midnight) has three stagnant local days before the front
/// on the fourth morning.
UtcTime winter_episode_default_start();

/// Time [h after start] at which the front reaches the point (lat, lon) [degree] of a domain
/// centred on (cen_lat, cen_lon) [degree].
double winter_front_arrival_h(const WinterEpisodeOptions& w, double cen_lat, double cen_lon, double lat,
                              double lon) noexcept;

struct SynthMetOptions;
namespace synth {
struct SynthDomain;
struct RainAccumulation;
struct RecordFields;
}  // namespace synth

/// Precipitation rate of the front's snow band [mm h-1 water] at t_h [h after start].
double winter_precip_mm_h(const SynthMetOptions& o, double t_h, double lat, double lon);

/// The fields of the winter record t_h hours after the start (time `t`), with the precipitation
/// accumulated up to it (meteo/synthetic internal).
void winter_record_fields(const synth::SynthDomain& d, double t_h, const UtcTime& t, const synth::RainAccumulation& acc,
                          synth::RecordFields& r);

}  // namespace lantian::meteo
