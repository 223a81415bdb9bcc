// Micro-benchmarks of the loops that bound ccsalvage's throughput, one per stage of the
// pipeline: unscrambling and checksumming post office blocks, decoding a post office, the
// console-output scan, reading .ccm text, content identity and composing MIME.
//
//   build/tests/bench/micro/ccsalvage_micro_bench [--benchmark_filter=Scan]
//
// Inputs are built in memory from fixed seeds, so runs compare across commits.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "core/event.hpp"
#include "flow/message_identity.hpp"
#include "mime/eml_composer.hpp"
#include "parsers/ccm/reader.hpp"
#include "parsers/ccm/writer.hpp"
#include "parsers/po/crc32.hpp"
#include "parsers/po/scramble.hpp"
#include "repair/scan/text_scanner.hpp"
#include "support/po_fixture.hpp"

namespace {

using namespace ccsalvage;

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) {
        const std::uint64_t v = rng();
        for (std::size_t k = 0; k < 8 && i + k < size; ++k) {
            out[i + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
        }
    }
    return out;
}

// A .ccm file of `count` ordinary messages (text item plus a small attachment), /ITEMSIZE.
std::string ccm_file(std::size_t count) {
    std::string file;
    const std::string body = "Quarterly figures attached; please review before Friday.\r\n";
    const std::string attachment = random_bytes(2048, 7);
    for (std::size_t i = 0; i < count; ++i) {
        ccm::Message m;
        m.from = {ccm::Address{"Grewal, Jeff at HUBPO2", ccm::AddressKind::post_office_user,
                               "Grewal, Jeff", "HUBPO2", ""}};
        m.to = {ccm::Address{"Admin at HUBPO2", ccm::AddressKind::post_office_user, "Admin",
                             "HUBPO2", ""}};
        m.date = ccm::Date{"6/2/98 8:39", true, 1998, 6, 2, 8, 39, 0};
        m.subject = "Figures " + std::to_string(i);
        ccm::Item text;
        text.kind = ccm::ItemKind::text;
        text.data = body;
        ccm::Item file_item;
        file_item.kind = ccm::ItemKind::file;
        file_item.file_name = "REPORT.XLS";
        file_item.data = attachment;
        m.items = {text, file_item};
        file += ccm::write_ccm_message(m).bytes;
    }
    return file;
}

void BM_Descramble(benchmark::State& state) {
    std::string block = random_bytes(static_cast<std::size_t>(state.range(0)), 1);
    for (auto _ : state) {
        po::scramble_in_place(block, 0x3A7F19C2, 0);
        benchmark::DoNotOptimize(block.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Descramble)->Arg(512)->Arg(64 << 10);

void BM_Crc32(benchmark::State& state) {
    const std::string data = random_bytes(static_cast<std::size_t>(state.range(0)), 2);
    for (auto _ : state) benchmark::DoNotOptimize(po::crc32(data));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32)->Arg(512)->Arg(64 << 10);

void BM_ReadPostOffice(benchmark::State& state) {
    const po::PostOfficeFiles files = po::build_post_office(testing::sample_spec());
    const po::PostOfficeSource source = testing::source_of(files);
    std::size_t bytes = files.clandata.size() + files.mlandata.size();
    for (const auto& [name, data] : files.mailboxes) bytes += data.size();
    for (auto _ : state) {
        EventLog log;
        benchmark::DoNotOptimize(po::read_post_office(source, {}, log));
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ReadPostOffice);

void BM_ScanRandom(benchmark::State& state) {
    const std::string data = random_bytes(16 << 20, 3);
    scan::ScanOptions options;
    options.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(scan::scan_text(data, options));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * (16 << 20));
}
BENCHMARK(BM_ScanRandom)->Arg(1)->Arg(2)->UseRealTime();

void BM_ReadCcm(benchmark::State& state) {
    const std::string file = ccm_file(2000);
    for (auto _ : state) {
        EventLog log;
        std::size_t messages = 0;
        ccm::read_ccm(file, "bench.ccm", {}, log, [&](const ccm::Message&) { ++messages; });
        benchmark::DoNotOptimize(messages);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(file.size()));
}
BENCHMARK(BM_ReadCcm);

// One message of the file above, read back, for the per-message stages.
template <typename Stage>
void per_message(benchmark::State& state, Stage stage) {
    const std::string file = ccm_file(1);
    EventLog log;
    ccm::read_ccm(file, "bench.ccm", {}, log, [&](const ccm::Message& message) {
        for (auto _ : state) stage(message);
    });
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_MessageIdentity(benchmark::State& state) {
    per_message(state,
                [](const ccm::Message& m) { benchmark::DoNotOptimize(flow::message_identity(m)); });
}
BENCHMARK(BM_MessageIdentity);

void BM_ComposeEml(benchmark::State& state) {
    per_message(state,
                [](const ccm::Message& m) { benchmark::DoNotOptimize(mime::compose_eml(m)); });
}
BENCHMARK(BM_ComposeEml);

}  // namespace

BENCHMARK_MAIN();
