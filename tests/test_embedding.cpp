// Embedding (docs/embedding.md): memory the application owns wrapped as arrays without a copy
// (Array::wrap), arrays' memory handed out (data(), device_pointer(), copy()), and DLPack import
// and export with a producer and a consumer written here. On a GPU the "application's memory" is
// a device allocation reached through device_pointer(), so both devices run the same checks.
#include <numeric>

#include "sinter/dlpack.h"
#include "support.h"

#if SINTER_WITH_CUDA
#include "runtime/cuda/driver_api.h"
#endif

#if SINTER_WITH_DLPACK
#include <dlpack/dlpack.h>
#endif

using namespace sinter;
using doctest::Contains;

namespace {
std::vector<float> iota_values(std::size_t n) {
  std::vector<float> v(n);
  std::iota(v.begin(), v.end(), 0.0f);
  return v;
}
}  // namespace

SINTER_DEVICE_TEST(wrap_in_place,
                   "Array::wrap reads and writes the application's memory in place, contiguous and "
                   "strided, and releases it once nothing uses it") {
  const std::vector<float> host = iota_values(12);
  Array<float> owner(host, Shape{12}, device);  // the application's allocation
  float* p = owner.device_pointer();
  bool released = false;
  {
    std::shared_ptr<void> keep(nullptr, [&](void*) { released = true; });
    Array<float> w = Array<float>::wrap(p, Shape{3, 4}, device, keep);
    keep.reset();
    CHECK(w.to_vector() == host);
    const Array<float> y = w * 2.0f + 1.0f;  // pending: keeps the memory alive
    CHECK(y.to_vector()[5] == 11.0f);

    // Strided wraps read what NumPy's as_strided would (strides in elements).
    CHECK(Array<float>::wrap(p + 11, Shape{3, 4}, {-4, -1}, device).to_vector() ==
          std::vector<float>{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    CHECK(Array<float>::wrap(p, Shape{2, 2}, {8, 2}, device).to_vector() == std::vector<float>{0, 2, 8, 10});
    const Array<float> t = Array<float>::wrap(p, Shape{4, 3}, {1, 4}, device);  // the transpose
    CHECK(t.to_vector() == std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});

    // Writes land in the application's memory, through plain and strided wraps.
    w(1, all) = 0.0f;
    t(all, 0) = -1.0f;  // elements 0, 1, 2, 3
    CHECK(owner.to_vector() == std::vector<float>{-1, -1, -1, -1, 0, 0, 0, 0, 8, 9, 10, 11});
    CHECK_MESSAGE(y.to_vector()[5] == 11.0f, "a pending array made before a write keeps the old elements");
    CHECK(!released);
  }
  CHECK_MESSAGE(released, "the keep_alive is dropped once no array or pending kernel uses the memory");

  int calls = 0;
  {
    Array<float>::wrap(p, Shape{12}, device, [&] { ++calls; }).eval();
  }
  CHECK_MESSAGE(calls == 1, "a release function runs exactly once");
}

SINTER_DEVICE_TEST(wrap_read_only, "wrapped const memory and strides that reach one element twice are read-only") {
  Array<float> owner(iota_values(12), Shape{12}, device);
  float* p = owner.device_pointer();
  const Array<float> c = Array<float>::wrap(static_cast<const float*>(p), Shape{3, 4}, device);
  CHECK(sum(c).item() == 66.0f);
  CHECK_THROWS_WITH_AS(c.assign(1.0f), Contains("wraps memory given as const"), ValueError);
  CHECK_THROWS_WITH_AS(c(0, all) = 1.0f, Contains("wraps memory given as const"), ValueError);
  CHECK_THROWS_WITH_AS(c.device_pointer(), Contains("wraps memory given as const"), ValueError);

  const Array<float> rows = Array<float>::wrap(p, Shape{3, 4}, {0, 1}, device);  // one row, three times
  CHECK(rows.to_vector() == std::vector<float>{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3});
  CHECK_THROWS_WITH_AS(rows.assign(1.0f), Contains("share memory"), ValueError);
  const Array<float> overlapping = Array<float>::wrap(p, Shape{3, 3}, {1, 1}, device);  // sliding windows
  CHECK(overlapping.to_vector() == std::vector<float>{0, 1, 2, 1, 2, 3, 2, 3, 4});
  CHECK_THROWS_AS(overlapping.assign(1.0f), ValueError);
  CHECK(owner.to_vector() == iota_values(12));
}

SINTER_DEVICE_TEST(wrap_errors, "bad wraps raise sinter errors naming what was wrong and release nothing") {
  Array<float> owner(iota_values(4), Shape{4}, device);
  float* p = owner.device_pointer();
  int calls = 0;
  auto count = [&] { ++calls; };
  CHECK_THROWS_WITH_AS(Array<float>::wrap(static_cast<float*>(nullptr), Shape{3}, device, count),
                       Contains("a null pointer for shape (3,)"), ValueError);
  CHECK(Array<float>::wrap(static_cast<float*>(nullptr), Shape{0}, device).size() == 0);
  CHECK_THROWS_WITH_AS(Array<float>::wrap(p, Shape{2, 2}, {1}, device, count),
                       Contains("1 strides (1,) for shape (2, 2) of 2 dimensions"), ShapeError);
  float* misaligned = reinterpret_cast<float*>(reinterpret_cast<char*>(p) + 1);
  CHECK_THROWS_WITH_AS(Array<float>::wrap(misaligned, Shape{2}, device, count),
                       Contains("is not aligned to the 4-byte elements of float32"), ValueError);
  CHECK_THROWS_WITH_AS(Array<float>::wrap(p, Shape{8}, {std::int64_t{1} << 61}, device, count),
                       Contains("outside any addressable memory"), ValueError);
  float* low = reinterpret_cast<float*>(std::uintptr_t{16});  // never read: refused before any use
  CHECK_THROWS_WITH_AS(Array<float>::wrap(low, Shape{8}, {-1}, device, count),
                       Contains("reaches 7 elements before and 0 after"), ValueError);
  CHECK(calls == 0);
}

TEST_CASE("Array::wrap of host memory on a GPU device is refused") {
  std::vector<float> host(4, 1.0f);
  CHECK_THROWS_AS(Array<float>::wrap(host.data(), Shape{4}, cuda(0)), DeviceError);
}

SINTER_DEVICE_TEST(lent_pointers,
                   "data() and device_pointer() compute the array and its pending readers first, "
                   "copy() makes an array of its own") {
  const Array<float> x({1, 2, 3, 4}, device);
  const Array<float> y = x * 10.0f;
  const Array<float> z = y + 1.0f;  // pending, reads y's memory
  float* q = y.device_pointer();
  CHECK(!y.is_pending());
  CHECK_MESSAGE(!z.is_pending(), "pending readers are computed before the application may write");
  CHECK(y.reshape(Shape{2, 2})(1, all).device_pointer() == q + 2);
  CHECK_THROWS_WITH_AS(y(Slice{0, 4, 2}).device_pointer(),
                       Contains("the array of shape (2,) is a strided view (strides (2,))"), ValueError);
  CHECK_THROWS_WITH_AS(x.broadcast_to(Shape{2, 4}).device_pointer(), Contains("read-only"), ValueError);
  if (device.kind == DeviceKind::CPU) {
    CHECK(y.data() == q);
    q[1] = -1.0f;
    CHECK(y.at(1) == -1.0f);
    CHECK(z.at(1) == 21.0f);
  } else {
    CHECK_THROWS_WITH_AS(y.data(), Contains("data() is host memory; use device_pointer()"), DeviceError);
  }
  Array<float> c = y.copy();
  c.assign(0.0f);
  CHECK(c.device_pointer() != q);
  CHECK(y.at(0) == 10.0f);
  CHECK(x.copy().to_vector() == std::vector<float>{1, 2, 3, 4});
}

#if SINTER_WITH_DLPACK
namespace {
// A producer as a framework would write one: the tensor owns a shape vector and counts deletes.
struct Produced {
  DLManagedTensor tensor{};
  std::vector<std::int64_t> shape, strides;
  int* deletes = nullptr;
};

DLManagedTensor* produce(void* data, DLDevice device, DLDataType type, std::vector<std::int64_t> shape,
                         std::vector<std::int64_t> strides, int* deletes) {
  auto* p = new Produced;
  p->shape = std::move(shape);
  p->strides = std::move(strides);
  p->deletes = deletes;
  DLTensor& t = p->tensor.dl_tensor;
  t.data = data;
  t.device = device;
  t.ndim = static_cast<int>(p->shape.size());
  t.dtype = type;
  t.shape = p->shape.data();
  t.strides = p->strides.empty() ? nullptr : p->strides.data();
  p->tensor.manager_ctx = p;
  p->tensor.deleter = [](DLManagedTensor* self) {
    auto* owner = static_cast<Produced*>(self->manager_ctx);
    ++*owner->deletes;
    delete owner;
  };
  return &p->tensor;
}

DLDevice dl_device(Device device) {
  return device.kind == DeviceKind::CPU ? DLDevice{kDLCPU, 0} : DLDevice{kDLCUDA, device.index};
}
}  // namespace

SINTER_DEVICE_TEST(dlpack_exchange,
                   "DLPack: tensors from a producer become arrays without a copy and are deleted "
                   "once, arrays export their memory, strides and types") {
  Array<float> owner(iota_values(6), Shape{6}, device);
  float* p = owner.device_pointer();
  int deletes = 0;
  {
    const Array<float> a =
        from_dlpack<float>(produce(p, dl_device(device), {kDLFloat, 32, 1}, {2, 3}, {1, 2}, &deletes));
    CHECK(a.shape() == Shape{2, 3});
    CHECK(a.to_vector() == std::vector<float>{0, 2, 4, 1, 3, 5});
    a(0, all) = 7.0f;
    CHECK(owner.to_vector() == std::vector<float>{7, 1, 7, 3, 7, 5});
    CHECK(deletes == 0);
  }
  CHECK_MESSAGE(deletes == 1, "the producer's deleter runs once the array is gone");

  // Refused tensors stay the caller's: nothing is deleted.
  DLManagedTensor* wrong = produce(p, dl_device(device), {kDLInt, 32, 1}, {6}, {}, &deletes);
  CHECK_THROWS_WITH_AS(from_dlpack<float>(wrong), Contains("the tensor holds int32 elements, not float32"), DTypeError);
  CHECK(dlpack_dtype(wrong) == DType::Int32);
  wrong->deleter(wrong);
  DLManagedTensor* complex = produce(p, dl_device(device), {kDLComplex, 64, 1}, {3}, {}, &deletes);
  CHECK_THROWS_WITH_AS(from_dlpack<float>(complex), Contains("type code 5, 64 bits, 1 lanes"), DTypeError);
  complex->deleter(complex);
  DLManagedTensor* opencl = produce(p, DLDevice{kDLOpenCL, 0}, {kDLFloat, 32, 1}, {6}, {}, &deletes);
  CHECK_THROWS_WITH_AS(from_dlpack<float>(opencl), Contains("DLPack device type 4"), DeviceError);
  opencl->deleter(opencl);
  CHECK(deletes == 4);
  CHECK_THROWS_AS(from_dlpack<float>(nullptr), ValueError);

  // Export: a strided view keeps its strides; the consumer reads the elements sinter computed.
  const Array<float> m = Array<float>(iota_values(6), Shape{2, 3}, device) * 2.0f;
  DLManagedTensor* out = to_dlpack(m.transpose());
  const DLTensor& t = out->dl_tensor;
  CHECK(t.ndim == 2);
  CHECK(t.shape[0] == 3);
  CHECK(t.shape[1] == 2);
  CHECK(t.strides[0] == 1);
  CHECK(t.strides[1] == 3);
  CHECK(t.dtype.code == kDLFloat);
  CHECK(t.dtype.bits == 32);
  CHECK(t.device.device_type == dl_device(device).device_type);
  CHECK(t.data == m.device_pointer());
  {
    const Array<float> back = from_dlpack<float>(out);  // sinter as the consumer: same memory
    CHECK(back.to_vector() == std::vector<float>{0, 6, 2, 8, 4, 10});
  }
  DLManagedTensor* flags = to_dlpack(Array<bool>({true, false}, device));
  CHECK(flags->dl_tensor.dtype.code == 6);  // kDLBool (DLPack 0.8)
  CHECK(flags->dl_tensor.dtype.bits == 8);
  flags->deleter(flags);
  CHECK_THROWS_WITH_AS(to_dlpack(m.broadcast_to(Shape{2, 2, 3})), Contains("read-only"), ValueError);
}
#endif

TEST_CASE("Stream::wrap refuses a null stream and a CPU device") {
  CHECK_THROWS_WITH_AS(Stream::wrap(nullptr, cpu()), Contains("legacy default stream"), ValueError);
  auto* handle = reinterpret_cast<CUstream_st*>(std::uintptr_t{64});  // never used: refused first
  CHECK_THROWS_WITH_AS(Stream::wrap(handle, cpu()), Contains("cpu() runs work on the calling thread"), DeviceError);
}

#if SINTER_WITH_CUDA
TEST_CASE(
    "Stream::wrap: sinter's kernels run on the application's stream, in order with its own work, without "
    "synchronizing" *
    doctest::test_suite("gpu")) {
  if (auto why = test::cuda_unavailable()) { SINTER_SKIP("no usable GPU: " << *why); }
  const gpu::DriverApi& api = gpu::driver_api();
  const std::int64_t n = std::int64_t{1} << 24;
  Array<float> buffer = zeros<float>(n, cuda(0)) + 0.0f;
  float* p = buffer.device_pointer();  // also makes the device's primary context current here
  gpu::CUstream app = nullptr;
  REQUIRE(api.cuStreamCreate(&app, gpu::kStreamNonBlocking) == gpu::kCudaSuccess);
  {
    const Stream theirs = Stream::wrap(app, cuda(0));  // gpu::CUstream is ::CUstream_st*
    // The application's work, then sinter's, then the application's again, all queued on `app`.
    REQUIRE(api.cuMemsetD32Async(reinterpret_cast<gpu::CUdeviceptr>(p), 0x40000000u /* 2.0f */,
                                 static_cast<std::size_t>(n), app) == gpu::kCudaSuccess);
    Array<float> tripled;
    {
      StreamGuard on(theirs);
      tripled = Array<float>::wrap(p, Shape{n}, cuda(0)) * 3.0f;
      tripled.eval();
    }
    float* q = tripled.device_pointer();
    REQUIRE(api.cuMemsetD32Async(reinterpret_cast<gpu::CUdeviceptr>(p), 0u, static_cast<std::size_t>(n), app) ==
            gpu::kCudaSuccess);
    REQUIRE(api.cuStreamSynchronize(app) == gpu::kCudaSuccess);
    CHECK(q != p);
    CHECK_MESSAGE(tripled.at(0) == 6.0f, "sinter's kernel ran after the application's first memset");
    CHECK(tripled.at(n - 1) == 6.0f);
    CHECK_MESSAGE(buffer.at(n - 1) == 0.0f, "and before its second");
  }
  REQUIRE(api.cuStreamDestroy(app) == gpu::kCudaSuccess);
}
#endif
