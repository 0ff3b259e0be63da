// DLPack import and export (include/sinter/dlpack.h): a DLManagedTensor's memory wrapped as an
// array (through wrap_node, so its rules and errors are Array::wrap's), and an array's buffer
// lent as one (through lent_leaf, as data()).
#include "sinter/dlpack.h"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "frontend/foreign_memory.h"
#include "ir/node.h"
#include "sinter/error.h"

#if SINTER_WITH_DLPACK
#include <dlpack/dlpack.h>

namespace sinter {
namespace {

// DLPack 0.8 added kDLBool (6); Debian's 0.6 header lacks it. Producers since then export bool
// that way, and so does sinter.
constexpr std::uint8_t kDLBoolCode = 6;

DLDataType dlpack_type(DType t) {
  const auto bits = static_cast<std::uint8_t>(size_of(t) * 8);
  switch (t) {
    case DType::Bool: return {kDLBoolCode, bits, 1};
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::Int64: return {kDLInt, bits, 1};
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: return {kDLUInt, bits, 1};
    case DType::Float32:
    case DType::Float64: return {kDLFloat, bits, 1};
  }
  throw InternalError(fmt::format("to_dlpack: no DLPack type for {}", name_of(t)));
}

// The tensor and what it keeps alive; the deleter frees it all.
struct Exported {
  DLManagedTensor tensor{};
  std::shared_ptr<ir::Buffer> buffer;
  std::vector<std::int64_t> shape, strides;
};

}  // namespace

DType dlpack_dtype(const DLManagedTensor* tensor) {
  if (!tensor) throw ValueError("from_dlpack: a null DLManagedTensor");
  const DLDataType t = tensor->dl_tensor.dtype;
  std::string known;
  for (DType d : kAllDTypes) {
    const DLDataType mine = dlpack_type(d);
    if (t.lanes == 1 && t.code == mine.code && t.bits == mine.bits) return d;
    known += (known.empty() ? "" : ", ") + std::string(name_of(d));
  }
  throw DTypeError(
      fmt::format("from_dlpack: DLPack elements of type code {}, {} bits, {} lanes have no sinter dtype ({})", t.code,
                  t.bits, t.lanes, known));
}

namespace detail {

ir::NodePtr from_dlpack_node(DLManagedTensor* tensor, DType expected) {
  const DType dtype = dlpack_dtype(tensor);
  if (dtype != expected)
    throw DTypeError(
        fmt::format("from_dlpack: the tensor holds {} elements, not {}", name_of(dtype), name_of(expected)));
  const DLTensor& t = tensor->dl_tensor;
  Device device;
  switch (t.device.device_type) {
    case kDLCPU:
    case kDLCUDAHost: device = cpu(); break;
    case kDLCUDA:
    case kDLCUDAManaged: device = cuda(t.device.device_id); break;
    default:
      throw DeviceError(
          fmt::format("from_dlpack: the tensor is on DLPack device type {} (id {}); sinter takes CPU "
                      "(1), CUDA (2), CUDA host (3) and CUDA managed (13) memory",
                      static_cast<int>(t.device.device_type), t.device.device_id));
  }
  if (t.ndim < 0 || t.ndim > kMaxDims)
    throw ShapeError(
        fmt::format("from_dlpack: a tensor of {} dimensions (sinter arrays have at most {})", t.ndim, kMaxDims));
  Shape shape;
  for (int d = 0; d < t.ndim; ++d) shape.push_back(t.shape[d]);
  std::vector<std::int64_t> strides;
  if (t.strides) strides.assign(t.strides, t.strides + t.ndim);
  void* first = static_cast<char*>(t.data) + t.byte_offset;
  // Taken over only once wrap_node succeeds: on an exception the function is dropped unrun.
  auto release = [tensor] {
    if (tensor->deleter) tensor->deleter(tensor);
  };
  return wrap_node(dtype, first, true, shape, strides, device, release);
}

DLManagedTensor* to_dlpack_tensor(const ir::NodePtr& n) {
  const ir::NodePtr leaf = lent_leaf(n, "to_dlpack");
  auto exported = std::make_unique<Exported>();
  exported->buffer = leaf->buffer;
  const int ndim = leaf->shape.ndim();
  const std::array<std::int64_t, kMaxDims> steps = leaf->is_view ? leaf->strides : ir::row_major_strides(leaf->shape);
  for (int d = 0; d < ndim; ++d) {
    exported->shape.push_back(leaf->shape[d]);
    exported->strides.push_back(steps[static_cast<std::size_t>(d)]);
  }
  DLTensor& t = exported->tensor.dl_tensor;
  t.data = static_cast<char*>(leaf->buffer->data) + leaf->offset * static_cast<std::int64_t>(size_of(leaf->dtype));
  t.byte_offset = 0;
  t.device = leaf->device.kind == DeviceKind::CPU ? DLDevice{kDLCPU, 0} : DLDevice{kDLCUDA, leaf->device.index};
  t.ndim = ndim;
  t.dtype = dlpack_type(leaf->dtype);
  t.shape = exported->shape.data();
  t.strides = exported->strides.data();
  exported->tensor.manager_ctx = exported.get();
  exported->tensor.deleter = [](DLManagedTensor* self) { delete static_cast<Exported*>(self->manager_ctx); };
  return &exported.release()->tensor;
}

}  // namespace detail
}  // namespace sinter

#else  // built without dlpack/dlpack.h

namespace sinter {
namespace {
[[noreturn]] void no_dlpack(const char* what) {
  throw Error(std::string(what) +
              ": sinter was built without DLPack's header; install it (Debian/Ubuntu: libdlpack-dev) and rebuild");
}
}  // namespace
DType dlpack_dtype(const DLManagedTensor*) { no_dlpack("dlpack_dtype"); }
namespace detail {
ir::NodePtr from_dlpack_node(DLManagedTensor*, DType) { no_dlpack("from_dlpack"); }
DLManagedTensor* to_dlpack_tensor(const ir::NodePtr&) { no_dlpack("to_dlpack"); }
}  // namespace detail
}  // namespace sinter
#endif
