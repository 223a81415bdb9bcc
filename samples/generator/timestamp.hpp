#pragma once
// Local times of the simulated mail system (cc:Mail stores local time with no zone), kept as
// minutes since 1 January 1997 so that adding a delay is plain arithmetic, and written in the
// forms the files use.
#include <cstdint>
#include <string>

namespace ccsalvage::generator {

struct Timestamp {
    int year = 1997;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// Minutes since 1997-01-01 00:00 <-> calendar time (proleptic Gregorian).
Timestamp from_minutes(std::uint64_t minutes, int second = 0);
std::uint64_t to_minutes(const Timestamp& t);

// "6/2/98 8:39": the Date: form of an export file, US order, 24-hour (docs/formats/ccm.md 2.2).
std::string ccm_date(const Timestamp& t);
// "5/6/97 3:10PM": the sender's stamp after a file item's name (docs/formats/ccm.md 3).
std::string file_stamp(const Timestamp& t);
// "1998-06-02T08:39:00": the ground truth's form (no zone: cc:Mail has none).
std::string iso_time(const Timestamp& t);
// "06-02-98" and "08:41:07": the NFTERROR.LOG forms (docs/formats/post-office.md 15).
std::string nft_date(const Timestamp& t);
std::string nft_time(const Timestamp& t);

}  // namespace ccsalvage::generator
