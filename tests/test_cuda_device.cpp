// The CUDA backend on a device. Without a GPU, cuda(i) must fail with DeviceUnavailable saying
// why; the "gpu:" cases (doctest suite and ctest label "gpu") need a device and report that
// they were skipped, and why, when there is none. Kernels are checked against the reference
// interpreter: exactly, except transcendental functions (a few ulp).
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "backend.h"
#include "counters_internal.h"
#include "interpret.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/cuda_backend.h"
#include "sinter/counters.h"
#include "sinter/error.h"
#include "support.h"
#include "test_cuda_kernels.h"

using namespace sinter;
using namespace cuda_test;

namespace {

/// cuda(0)'s backend, or why there is none.
Backend* gpu_backend(std::string& why) {
  try {
    return &backend_for(cuda(0));
  } catch (const Error& e) {
    why = e.what();
    return nullptr;
  }
}

#define SINTER_REQUIRE_GPU(backend)           \
  std::string why_no_gpu;                     \
  Backend* backend = gpu_backend(why_no_gpu); \
  if (!backend) { SINTER_SKIP("no usable GPU: " << why_no_gpu); }

/// Element i of a small integer type's test values: its limits, 0, 1, -1 (wrapped) or a draw.
template <class I> I small_integer_value(std::size_t i, std::uint64_t bits) {
  const I edges[] = {0, 1, static_cast<I>(-1), std::numeric_limits<I>::max(), std::numeric_limits<I>::min()};
  return i % 7 < 5 ? edges[i % 7] : static_cast<I>(static_cast<std::int64_t>(bits % 2001) - 1000);
}

/// Deterministic values of `t` with its edge cases (zeros, infinities, NaN, extremes).
std::vector<std::uint8_t> test_values(DType t, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> bytes(n * size_of(t));
  auto put = [&](std::size_t i, auto value) { std::memcpy(bytes.data() + i * sizeof value, &value, sizeof value); };
  for (std::size_t i = 0; i < n; ++i) {
    const double u = std::uniform_real_distribution<double>(-4, 4)(rng);
    const std::uint64_t bits = rng();
    switch (t) {
      case DType::Bool: bytes[i] = static_cast<std::uint8_t>(bits & 1); break;
      case DType::Int32: {
        const std::int32_t edges[] = {0, 1, -1, std::numeric_limits<std::int32_t>::max(),
                                      std::numeric_limits<std::int32_t>::min()};
        put(i, i % 7 < 5 ? edges[i % 7] : static_cast<std::int32_t>(bits % 2001) - 1000);
        break;
      }
      case DType::Int64: {
        const std::int64_t edges[] = {0, 1, -1, std::numeric_limits<std::int64_t>::max(),
                                      std::numeric_limits<std::int64_t>::min()};
        put(i, i % 7 < 5 ? edges[i % 7] : static_cast<std::int64_t>(bits % 2001) - 1000);
        break;
      }
      case DType::Int8: put(i, small_integer_value<std::int8_t>(i, bits)); break;
      case DType::Int16: put(i, small_integer_value<std::int16_t>(i, bits)); break;
      case DType::UInt8: put(i, small_integer_value<std::uint8_t>(i, bits)); break;
      case DType::UInt16: put(i, small_integer_value<std::uint16_t>(i, bits)); break;
      case DType::UInt32: put(i, small_integer_value<std::uint32_t>(i, bits)); break;
      case DType::Float32: {
        const float edges[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 3e9f, -3e9f, 1e-40f, 88.5f};
        put(i, i % 13 < 9 ? edges[i % 13] : static_cast<float>(u));
        break;
      }
      case DType::Float64: {
        const double edges[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1e300, -3e9, 5e-324, 709.0};
        put(i, i % 13 < 9 ? edges[i % 13] : u);
        break;
      }
    }
  }
  return bytes;
}

double ulp_distance(double a, double b, DType t) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return INFINITY;
  if (a == b) return 0;
  // Bit patterns mapped onto integers in the order of the values they encode. The distance is
  // taken in integers: as doubles, float64 patterns near 2^62 are 512 apart, so a 1-ulp
  // difference would read as 0 or 512.
  auto ordered = [&](double x) -> std::int64_t {
    if (t == DType::Float32) {
      const auto u = std::bit_cast<std::int32_t>(static_cast<float>(x));
      return u < 0 ? -static_cast<std::int64_t>(u & 0x7fffffff) : u;
    }
    const auto u = std::bit_cast<std::int64_t>(x);
    return u < 0 ? -(u & 0x7fffffffffffffffLL) : u;
  };
  const std::int64_t oa = ordered(a), ob = ordered(b);
  // |oa|, |ob| < 2^63, so the difference fits in 64 unsigned bits.
  const std::uint64_t distance = oa > ob ? static_cast<std::uint64_t>(oa) - static_cast<std::uint64_t>(ob)
                                         : static_cast<std::uint64_t>(ob) - static_cast<std::uint64_t>(oa);
  return static_cast<double>(distance);
}

/// Elements of `t` equal (integers, bools, exact float ops) or within `max_ulp`; with `floor`,
/// within max_ulp units of the last place of max(|want|, floor) (an op whose result cancels).
int count_mismatches(const std::vector<std::uint8_t>& got, const std::vector<std::uint8_t>& want, DType t,
                     double max_ulp, double floor = 0) {
  int mismatches = 0;
  const std::size_t n = want.size() / size_of(t);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* g = got.data() + i * size_of(t);
    const std::uint8_t* w = want.data() + i * size_of(t);
    if (t == DType::Float32 || t == DType::Float64) {
      double a, b;
      if (t == DType::Float32) {
        float fa, fb;
        std::memcpy(&fa, g, 4);
        std::memcpy(&fb, w, 4);
        a = fa, b = fb;
      } else {
        std::memcpy(&a, g, 8);
        std::memcpy(&b, w, 8);
      }
      // Exact ops must also agree on the sign of zero (minimum(-0, +0) and friends).
      const bool same_zero = !(a == 0 && b == 0) || std::signbit(a) == std::signbit(b);
      const double eps = t == DType::Float32 ? 0x1p-23 : 0x1p-52;
      const bool near = floor > 0 && std::abs(a - b) <= max_ulp * eps * std::max(std::abs(b), floor);
      if ((ulp_distance(a, b, t) > max_ulp && !near) || !same_zero) {
        if (mismatches == 0)
          MESSAGE("first mismatch at element " << i << ": got " << std::setprecision(17) << a << ", want " << b << " ("
                                               << ulp_distance(a, b, t) << " ulp)");
        ++mismatches;
      }
    } else if (std::memcmp(g, w, size_of(t)) != 0) {
      ++mismatches;
    }
  }
  return mismatches;
}

bool is_transcendental(const ir::KernelIR& k) {
  return std::any_of(k.body.begin(), k.body.end(), [](const ir::Instr& in) { return calls_math_library(in.op); });
}

/// logaddexp(x, y) = max + log1p(exp(-|x - y|)) cancels where the result is near 0 (max near
/// -log 2): an ulp of log1p's value there is many ulp of the result, and the device's exp and
/// log1p differ from the host's by an ulp. Such kernels are compared in ulp of max(|result|, 1).
bool cancels_near_zero(const ir::KernelIR& k) {
  return std::any_of(k.body.begin(), k.body.end(),
                     [](const ir::Instr& in) { return in.op == Op::Logaddexp || in.op == Op::Logaddexp2; });
}

/// Runs `kernel` over n elements on the device and in the interpreter; returns the mismatches
/// per output. `misalign` offsets every device pointer by one element (the scalar path).
std::vector<int> run_against_interpreter(Backend& backend, const ir::KernelIR& kernel, std::size_t n,
                                         const std::vector<std::uint64_t>& scalars, bool misalign = false) {
  std::vector<std::vector<std::uint8_t>> inputs, host_outputs;
  std::vector<std::shared_ptr<ir::Buffer>> device_buffers;
  ir::KernelArgs host_args, device_args;
  auto device_buffer = [&](std::size_t bytes, std::size_t element) {
    auto buffer = backend.allocate(bytes + 16);
    device_buffers.push_back(buffer);
    return static_cast<char*>(buffer->data) + (misalign ? element : 0);
  };
  for (std::size_t s = 0; s < kernel.inputs.size(); ++s) {
    inputs.push_back(test_values(kernel.inputs[s], n, static_cast<unsigned>(s * 31 + 7)));
    host_args.buffers.push_back(inputs.back().data());
    char* d = device_buffer(inputs.back().size(), size_of(kernel.inputs[s]));
    // Copy through a view so that the misaligned case copies to the offset address too.
    ir::Buffer view(d, inputs.back().size(), backend.device(), nullptr);
    backend.copy_from_host(view, inputs.back().data(), inputs.back().size());
    device_args.buffers.push_back(d);
  }
  for (std::size_t k = 0; k < kernel.outputs.size(); ++k) {
    host_outputs.emplace_back(n * size_of(kernel.output_dtype(k)));
    host_args.buffers.push_back(host_outputs.back().data());
    device_args.buffers.push_back(device_buffer(host_outputs.back().size(), size_of(kernel.output_dtype(k))));
  }
  host_args.scalars = device_args.scalars = scalars;
  host_args.n = device_args.n = static_cast<std::int64_t>(n);
  interpret(kernel, host_args);
  const auto compiled = backend.compile(kernel);
  backend.launch(*compiled, device_args);
  std::vector<int> mismatches;
  for (std::size_t k = 0; k < kernel.outputs.size(); ++k) {
    std::vector<std::uint8_t> got(host_outputs[k].size());
    ir::Buffer view(device_args.buffers[kernel.inputs.size() + k], got.size(), backend.device(), nullptr);
    backend.copy_to_host(got.data(), view, got.size());
    mismatches.push_back(count_mismatches(got, host_outputs[k], kernel.output_dtype(k),
                                          is_transcendental(kernel) ? 8 : 0, cancels_near_zero(kernel) ? 1.0 : 0.0));
  }
  return mismatches;
}

}  // namespace

TEST_CASE("cuda device: cuda(i) is either usable or raises DeviceUnavailable saying why") {
  try {
    auto backend = make_cuda_backend(0);
    MESSAGE("a GPU is present: cuda(0) opened");
    CHECK(backend->device() == cuda(0));
  } catch (const DeviceUnavailable& e) {
    const std::string message = e.what();
    MESSAGE("cuda(0): " << message);
    CHECK(message.find("cuda(0) is unavailable: ") == 0);
    const bool says_why = message.find("no NVIDIA driver") != std::string::npos ||
                          message.find("cuInit failed") != std::string::npos ||
                          message.find("no CUDA device") != std::string::npos ||
                          message.find("no NVRTC") != std::string::npos || message.find("too old") != std::string::npos;
    CHECK_MESSAGE(says_why, message);
  }
  // A device index that cannot exist fails either way, naming the device.
  CHECK_THROWS_AS(make_cuda_backend(63), DeviceUnavailable);
  try {
    make_cuda_backend(63);
  } catch (const DeviceUnavailable& e) { CHECK(std::string(e.what()).find("cuda(63)") != std::string::npos); }
  CHECK_THROWS_AS(backend_for(cuda(-1)), DeviceUnavailable);
}

TEST_CASE("gpu: host to device and back, small copies and large staged ones" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  for (std::size_t bytes :
       {std::size_t{1}, std::size_t{4096}, (std::size_t{1} << 20) - 1, (std::size_t{20} << 20) + 123}) {
    CAPTURE(bytes);
    std::vector<std::uint8_t> data(bytes), back(bytes, 0);
    for (std::size_t i = 0; i < bytes; ++i) data[i] = static_cast<std::uint8_t>(i * 2654435761u >> 13);
    auto buffer = backend->allocate(bytes);
    CHECK(reinterpret_cast<std::uintptr_t>(buffer->data) % 256 == 0);
    backend->copy_from_host(*buffer, data.data(), bytes);
    backend->copy_to_host(back.data(), *buffer, bytes);
    CHECK(back == data);
  }
  auto empty = backend->allocate(0);
  backend->copy_from_host(*empty, nullptr, 0);
}

TEST_CASE("gpu: every op with every dtype matches the reference interpreter" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  for (const ir::KernelIR& kernel : kernels_for_every_op_and_dtype()) {
    INFO(ir::to_string(kernel));
    std::vector<std::uint64_t> scalars;
    for (DType t : kernel.scalars) {
      const std::vector<std::uint8_t> v = test_values(t, 9, 3);  // element 3 or 8: an edge value or -3e9
      std::uint64_t bits = 0;
      std::memcpy(&bits, v.data() + 3 * size_of(t), size_of(t));
      scalars.push_back(bits);
    }
    for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{4099}}) {
      CAPTURE(n);
      for (int mismatches : run_against_interpreter(*backend, kernel, n, scalars)) CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("gpu: a fused multi-output kernel with scalars and the index, aligned and misaligned" *
          doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  const ir::KernelIR kernel = mixed_kernel();
  const std::vector<std::uint64_t> scalars = {std::bit_cast<std::uint32_t>(2.5f), static_cast<std::uint64_t>(-100)};
  for (bool misalign : {false, true})
    for (std::size_t n : {std::size_t{3}, std::size_t{1027}, (std::size_t{1} << 20) + 5}) {
      CAPTURE(misalign);
      CAPTURE(n);
      for (int mismatches : run_against_interpreter(*backend, kernel, n, scalars, misalign)) CHECK(mismatches == 0);
    }
}

TEST_CASE("gpu: more than 2^31 elements use the 64-bit entry point" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  KernelBuilder b;
  const int i = b.push(Op::Index, DType::Int64);
  const int marked = b.push(Op::Eq, DType::Bool, {i, b.scalar(DType::Int64)});
  const ir::KernelIR kernel = b.finish({marked});
  const std::int64_t n = (std::int64_t{1} << 31) + 5;
  auto out = backend->allocate(static_cast<std::size_t>(n));
  ir::KernelArgs args;
  args.buffers = {out->data};
  args.scalars = {static_cast<std::uint64_t>(n - 2)};
  args.n = n;
  backend->launch(*backend->compile(kernel), args);
  std::uint8_t tail[16] = {}, head[16] = {};
  ir::Buffer tail_view(static_cast<char*>(out->data) + n - 16, 16, backend->device(), nullptr);
  backend->copy_to_host(tail, tail_view, 16);
  backend->copy_to_host(head, *out, 16);
  for (int k = 0; k < 16; ++k) {
    CHECK(head[k] == 0);
    CHECK(tail[k] == (k == 14 ? 1 : 0));  // element n - 2
  }
}

TEST_CASE("gpu: the allocator reuses memory and counts requested bytes" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  const auto before = gpu::allocator_stats(*backend);
  const std::uint64_t counted = counters().bytes_allocated;
  void* first = nullptr;
  {
    auto a = backend->allocate(1000000);
    first = a->data;
  }
  auto b = backend->allocate(999999);  // same size class, same stream: the same block
  CHECK(b->data == first);
  const auto after = gpu::allocator_stats(*backend);
  CHECK(after.cache_hits == before.cache_hits + 1);
  CHECK(counters().bytes_allocated == counted + 1000000 + 999999);
  MESSAGE("in use " << after.bytes_in_use << ", cached " << after.bytes_cached << ", driver allocations "
                    << after.system_allocations);
}

TEST_CASE("gpu: an impossible allocation raises OutOfMemory with sizes" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  CHECK_THROWS_AS(backend->allocate(std::size_t{1} << 50), OutOfMemory);
  try {
    backend->allocate(std::size_t{1} << 50);
  } catch (const OutOfMemory& e) {
    const std::string message = e.what();
    MESSAGE(message);
    CHECK(message.find("cuda(0)") != std::string::npos);
    CHECK(message.find("1125899906842624 bytes") != std::string::npos);
    CHECK(message.find("free of") != std::string::npos);
  }
  auto still_works = backend->allocate(1024);
  CHECK(still_works->data != nullptr);
}

TEST_CASE("gpu: compiled kernels go to the disk cache, and a kernel that cannot compile says so" *
          doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  KernelBuilder b;
  const int x = b.input(DType::Float32);
  const int y = b.push(Op::Tanh, DType::Float32, {b.push(Op::Exp, DType::Float32, {x})});
  const ir::KernelIR kernel = b.finish({y});
  const auto start = std::chrono::steady_clock::now();
  backend->compile(kernel);
  const double first_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const auto again = std::chrono::steady_clock::now();
  backend->compile(kernel);  // a second build: from the disk cache when it is on
  const double second_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - again).count();
  MESSAGE("build: first " << first_ms << " ms, second " << second_ms << " ms");
  if (cache::DiskCache* disk = cache::process_disk_cache(); disk && disk->enabled()) {
    bool found = false;
    for (const auto& entry : std::filesystem::directory_iterator(disk->directory()))
      found |= entry.path().extension() == ".kernel";
    CHECK(found);
  }
  KernelBuilder bad;
  const int s = bad.input(DType::Int32);
  const ir::KernelIR invalid = bad.finish({bad.push(Op::Sqrt, DType::Int32, {s})});
  CHECK_THROWS_AS(backend->compile(invalid), InternalError);  // ir::verify, before NVRTC
}

TEST_CASE("gpu: cache-hit launch cost at 1024 elements (measured, not asserted)" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_GPU(backend);
  KernelBuilder b;
  const int x = b.input(DType::Float32);
  const ir::KernelIR kernel = b.finish({b.push(Op::Mul, DType::Float32, {x, b.scalar(DType::Float32)})});
  auto in = backend->allocate(4096), out = backend->allocate(4096);
  const auto compiled = backend->compile(kernel);
  ir::KernelArgs args;
  args.buffers = {in->data, out->data};
  args.scalars = {std::bit_cast<std::uint32_t>(2.0f)};
  args.n = 1024;
  for (int i = 0; i < 100; ++i) backend->launch(*compiled, args);
  backend->synchronize();
  constexpr int kLaunches = 2000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kLaunches; ++i) backend->launch(*compiled, args);
  const double launch_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kLaunches;
  backend->synchronize();
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < kLaunches; ++i) {
    backend->launch(*compiled, args);
    backend->synchronize();
  }
  const double round_trip_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kLaunches;
  // Where a whole call's time goes beyond the launch: the output's allocation and release, the
  // ordering of its reads, and the front end (record, hash, look up) by difference.
  auto per_call_us = [&](auto&& body) {
    for (int i = 0; i < 100; ++i) body();
    backend->synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kLaunches; ++i) body();
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    backend->synchronize();
    return us / kLaunches;
  };
  const double allocate_us = per_call_us([&] { (void)backend->allocate(4096); });
  const std::shared_ptr<ir::Buffer> reads[] = {in};
  const double order_us = per_call_us([&] { backend->order_reads(reads, ir::kDefaultStream); });
  const std::vector<float> host(1024, 1.5f);
  const Array<float> xa(std::span<const float>(host), cuda(0));
  const double call_us = per_call_us([&] { Array<float>(xa * 2.0f).eval(); });
  MESSAGE("launch " << launch_us << " us; launch + synchronize " << round_trip_us << " us; allocate + release "
                    << allocate_us << " us; order_reads " << order_us << " us; whole call (x * 2).eval() " << call_us
                    << " us");
  CHECK(launch_us > 0);
  CHECK(Array<float>(xa * 2.0f).to_vector() == std::vector<float>(1024, 3.0f));
}
