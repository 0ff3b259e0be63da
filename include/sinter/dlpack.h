// DLPack (https://github.com/dmlc/dlpack): arrays to and from any DLPack producer or consumer
// (PyTorch, CuPy, JAX, NumPy...) without copies. This header needs no DLPack header: include
// <dlpack/dlpack.h> where the tensor's fields are used. docs/embedding.md has the rules.
#pragma once
#include "sinter/array.h"
#include "sinter/export.h"

struct DLManagedTensor;  // dlpack/dlpack.h (DLPack 0.6 and later)

namespace sinter {

namespace detail {
SINTER_API ir::NodePtr from_dlpack_node(DLManagedTensor* tensor, DType expected);
SINTER_API DLManagedTensor* to_dlpack_tensor(const ir::NodePtr& n);
}  // namespace detail

/// The element type of a DLPack tensor, to choose from_dlpack's T. Throws DTypeError for one
/// sinter lacks (naming its type code and bits), ValueError for a null tensor.
SINTER_API DType dlpack_dtype(const DLManagedTensor* tensor);

/// An array over the tensor's memory, without a copy: sinter takes the tensor over and calls its
/// deleter once no array or pending kernel uses the memory. CPU, CUDA-pinned host memory (as
/// cpu()), CUDA and CUDA-managed memory (as cuda(device_id)) are accepted, with any strides.
/// Throws DTypeError (elements other than T), DeviceError (another kind of device), ShapeError,
/// ValueError (as Array::wrap); then the tensor is not taken: the caller still owns it.
template <Element T> Array<T> from_dlpack(DLManagedTensor* tensor) {
  return Array<T>(detail::from_dlpack_node(tensor, dtype_v<T>));
}

/// The array's memory as a DLPack tensor, without a copy (a pending array is computed first,
/// as for data()). The tensor keeps the memory alive until the consumer calls its deleter;
/// strided views keep their strides. On a GPU the elements are ready for work queued next on
/// this thread's current stream. Throws ValueError for read-only arrays (DLPack 0.6 cannot mark
/// a tensor read-only: broadcast views, memory wrapped as const).
template <Element T> DLManagedTensor* to_dlpack(const Array<T>& array) {
  return detail::to_dlpack_tensor(array.node());
}

}  // namespace sinter
