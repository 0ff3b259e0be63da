// sinter::Array<T>: a shared handle to an array's elements or to the pending expression that
// will compute them. Copying a handle is cheap and shares the data. Nothing runs until data is
// needed: a host read, eval(), or pending work past the size bound.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "sinter/detail/arguments.h"
#include "sinter/device.h"
#include "sinter/dtype.h"
#include "sinter/error.h"
#include "sinter/export.h"
#include "sinter/expr.h"
#include "sinter/keep_alive.h"
#include "sinter/shape.h"
#include "sinter/slice.h"

namespace sinter {

template <Element T> class Masked;  // sinter/masks.h: what x(mask) returns
template <Element T> class Indexed;  // sinter/indexing.h: what x(indices...) returns

/// A shared handle to an N-d array of T elements, or to the pending expression that will compute
/// them: copies share the elements, and nothing runs until the elements are needed (to_vector(),
/// at(), eval(), data()). T is one of the element types of sinter/dtypes.def. Examples: README.md,
/// docs/ops.md, docs/views.md; examples/quickstart.cpp.
template <Element T> class SINTER_API Array {
 public:
  /// The element type T.
  using value_type = T;

  /// An empty handle; using it raises EmptyArrayError.
  Array() = default;
  ///@{
  /// A 1-D array holding a copy of `values` on `device`.
  Array(std::initializer_list<T> values, Device device = cpu())
      : Array(std::span<const T>(values.begin(), values.size()), device) {}
  explicit Array(std::span<const T> values, Device device = cpu())
      : Array(detail::host_node(dtype_v<T>, Shape::vector(static_cast<std::int64_t>(values.size())), values.data(),
                                device)) {}
  explicit Array(const std::vector<T>& values, Device device = cpu())
      : Array(host_node(values, Shape::vector(static_cast<std::int64_t>(values.size())), device)) {}
  ///@}

  ///@{
  /// An N-d array of `shape` holding a copy of `values` in row-major order. Throws ShapeError
  /// when the number of values differs from the shape's element count.
  explicit Array(std::initializer_list<T> values, const Shape& shape, Device device = cpu())
      : Array(std::span<const T>(values.begin(), values.size()), shape, device) {}
  explicit Array(std::span<const T> values, const Shape& shape, Device device = cpu())
      : Array(detail::host_node(dtype_v<T>, checked(values.size(), shape), values.data(), device)) {}
  explicit Array(const std::vector<T>& values, const Shape& shape, Device device = cpu())
      : Array(host_node(values, checked(values.size(), shape), device)) {}
  ///@}

  /// An array over memory the application owns, without a copy (docs/embedding.md): `pointer`
  /// to the element at coordinates (0, ..., 0) in `device`'s memory (host memory for cpu()),
  /// elements row-major or at `strides` (in elements; negative and zero allowed). Kernels read
  /// and write it in place; `keep_alive` (a shared_ptr to the owner, or a function run once sinter
  /// no longer uses the memory) keeps it valid. A const pointer makes a read-only array; so do
  /// strides under which two coordinates may reach one element. Throws ShapeError (strides of
  /// another rank), ValueError (a null pointer, a pointer not aligned to T, strides reaching out of
  /// the address space), DeviceError (memory the CUDA driver places elsewhere), and nothing is
  /// released when it throws.
  template <class P>
  requires(std::is_same_v<P, T*> || std::is_same_v<P, const T*>) static Array
      wrap(P pointer, const Shape& shape, Device device = cpu(), KeepAlive keep_alive = {}) {
    return wrap(pointer, shape, std::vector<std::int64_t>{}, device, std::move(keep_alive));
  }
  /// As wrap(pointer, shape, device, keep_alive), with the elements at `strides` (in elements,
  /// one per axis of `shape`) instead of row-major (docs/embedding.md).
  template <class P>
  requires(std::is_same_v<P, T*> || std::is_same_v<P, const T*>) static Array
      wrap(P pointer, const Shape& shape, const std::vector<std::int64_t>& strides, Device device = cpu(),
           KeepAlive keep_alive = {}) {
    constexpr bool writable = !std::is_const_v<std::remove_pointer_t<P>>;
    return Array(detail::wrap_node(dtype_v<T>, const_cast<T*>(pointer), writable, shape, strides, device,
                                   std::move(keep_alive).take()));
  }

  /// A pending array computing expression `e` (of the same element type: use sinter::cast to convert).
  template <detail::ExprLike E>
  Array(const E& e) : Array(detail::own_value(e.build()), Counted{}) {  // NOLINT(google-explicit-constructor)
    static_assert(std::is_same_v<typename E::value_type, T>,
                  "sinter: the expression's element type differs from the Array's; convert with sinter::cast<T>(e)");
  }

  /// Wraps an IR node (library use): the array shares whatever the node holds.
  explicit Array(ir::NodePtr node) : node_(std::move(node)) { retain(); }
  /// An array holding the new value `node` computes (library use: reductions and other
  /// functions returning new arrays): distinct from every other array (detail::own_value).
  static Array from_value(ir::NodePtr node) { return Array(detail::own_value(std::move(node)), Counted{}); }

  /// Another handle to `other`'s elements (no copy of them, as in NumPy).
  Array(const Array& other) : node_(other.node_) { retain(); }
  /// Takes over `other`'s elements; `other` becomes an empty handle.
  Array(Array&& other) noexcept : node_(std::move(other.node_)) {}
  /// `a = b` on a named handle makes `a` refer to b's elements (no copy), as in NumPy.
  Array& operator=(const Array& other) & {
    if (this != &other) {
      release();
      node_ = other.node_;
      retain();
    }
    return *this;
  }
  /// Makes this handle refer to `other`'s elements; `other` becomes an empty handle.
  Array& operator=(Array&& other) & noexcept {
    if (this != &other) {
      release();
      node_ = std::move(other.node_);
    }
    return *this;
  }
  /// `x(1, Slice{2, 5}) = value` (assignment to the view that x(...) returns): NumPy's
  /// x[1, 2:5] = value, a write into x's memory (see assign).
  template <detail::Operand V> const Array& operator=(const V& value) && { return assign(value); }

  /// Writes `value` (an Array, an expression or a scalar; converted to T and broadcast to this
  /// array's shape) into this array's elements in place: every handle and view sharing this
  /// memory sees the new elements, as in NumPy. A pending array is computed first, and so is any
  /// pending array that reads this memory (it keeps the old elements). A value that reads this
  /// memory other than element by element (an overlapping view) is computed into a temporary
  /// first, so the result is NumPy's (docs/views.md). Throws ShapeError (the value does not
  /// broadcast), DeviceError, ValueError (a broadcast view: its elements share memory).
  template <detail::Operand V> const Array& assign(const V& value) const {
    if constexpr (detail::ScalarLike<V>) {
      detail::assign_node(node(), detail::scalar_node_of(dtype_v<T>, value));
    } else {
      static_assert(!is_float(detail::lazy_dtype<V>()) || is_float(dtype_v<T>),
                    "sinter: writing floating-point values into an integer array; convert with sinter::cast<T>");
      detail::assign_node(node(), detail::lazy_node(value));
    }
    return *this;
  }

  ///@{
  /// Compound assignment: x op= v writes x op v into x's elements in place (NumPy's in-place
  /// operators; the result is converted to T, and float into integer is refused as NumPy does;
  /// docs/views.md, "Writes and aliasing").
  template <detail::Operand V> const Array& operator+=(const V& v) const { return assign(*this + v); }
  template <detail::Operand V> const Array& operator-=(const V& v) const { return assign(*this - v); }
  template <detail::Operand V> const Array& operator*=(const V& v) const { return assign(*this * v); }
  template <detail::Operand V> const Array& operator/=(const V& v) const { return assign(*this / v); }
  template <detail::Operand V> const Array& operator%=(const V& v) const { return assign(*this % v); }
  template <detail::Operand V> const Array& operator&=(const V& v) const { return assign(*this & v); }
  template <detail::Operand V> const Array& operator|=(const V& v) const { return assign(*this | v); }
  template <detail::Operand V> const Array& operator^=(const V& v) const { return assign(*this ^ v); }
  template <detail::Operand V> const Array& operator<<=(const V& v) const { return assign(*this << v); }
  template <detail::Operand V> const Array& operator>>=(const V& v) const { return assign(*this >> v); }
  ///@}
  ~Array() { release(); }

  /// The array's shape (known without computing it).
  const Shape& shape() const { return detail::node_shape(node()); }
  /// The number of elements: the product of the shape's dimensions.
  std::int64_t size() const { return shape().numel(); }
  /// The number of dimensions (0 for a scalar).
  int ndim() const { return shape().ndim(); }
  /// The device the elements live on (or will, once computed).
  Device device() const { return detail::node_device(node()); }
  /// The element type as a DType value (dtype_v<T>).
  static constexpr DType dtype() { return dtype_v<T>; }
  /// True when the handle holds nothing (default-constructed or moved-from).
  bool empty_handle() const { return !node_; }
  /// True while the elements are not yet computed.
  bool is_pending() const { return detail::is_pending(node()); }

  /// Computes the elements now (in one kernel with the pending arrays it depends on that are
  /// still referenced elsewhere). Returns *this.
  const Array& eval() const {
    detail::evaluate_node(node());
    return *this;
  }

  /// The address of the first element in host memory, without a copy (docs/embedding.md). A
  /// pending array is computed first, and so is every pending array that reads this memory, so
  /// the application may read and write through the pointer at once. Valid while a handle or
  /// view of this memory lives. Throws DeviceError (an array on a GPU: use device_pointer()) and
  /// ValueError (a strided view: copy() it first; memory wrapped as const).
  T* data() const { return static_cast<T*>(detail::element_pointer(node(), true, "data()")); }
  /// The address of the first element in the memory of the array's device (a CUDA device
  /// pointer for cuda(i); as data() on cpu()), as data(). Work the application queues next on
  /// this thread's current sinter stream (Stream::wrap makes its own stream current) sees the
  /// elements; other streams synchronize first.
  T* device_pointer() const { return static_cast<T*>(detail::element_pointer(node(), false, "device_pointer()")); }
  /// A copy of the elements in new memory on the same device (NumPy's copy()): pending, so it
  /// fuses with what comes next; writes into either never reach the other.
  Array copy() const { return from_value(node()); }

  /// The elements, copied to the host.
  std::vector<T> to_vector() const {
    std::vector<T> out(static_cast<std::size_t>(size()));
    if constexpr (std::is_same_v<T, bool>) {  // std::vector<bool> has no data()
      std::unique_ptr<bool[]> flat(new bool[out.size()]);
      read(0, size(), flat.get());
      for (std::size_t k = 0; k < out.size(); ++k) out[k] = flat[k];
    } else {
      read(0, size(), out.data());
    }
    return out;
  }

  /// Element `i` of the flattened array (negative `i` counts from the end). Throws IndexError.
  /// `i` is an integer: at(1.5) does not compile.
  template <detail::Arithmetic I> T at(I index) const {
    const std::int64_t i = detail::integer_argument<detail::IntegerArgument::Index>(index);
    const std::int64_t n = size();
    if (i < -n || i >= n)
      throw IndexError("index " + std::to_string(i) + " is out of range for an array of shape " + shape().to_string());
    T value{};
    read(i < 0 ? i + n : i, 1, &value);
    return value;
  }

  /// The single element of a one-element array. Throws ShapeError otherwise.
  T item() const {
    if (size() != 1) throw ShapeError("item() needs an array of exactly one element, got shape " + shape().to_string());
    return at(0);
  }

  /// The same elements seen with another shape of the same element count (row-major order
  /// kept). No copy: the result shares this array's memory; a pending array is evaluated first.
  /// A view stays a view where strides for the new shape exist (NumPy's rule); otherwise it
  /// is copied first, one kernel (docs/views.md).
  /// Throws ShapeError when the element counts differ.
  Array reshape(const Shape& shape) const { return Array(detail::reshape_node(node(), shape)); }

  // Read-only views (docs/views.md). Each shares this array's memory (a pending array is
  // evaluated first) and reads it through strides and an element offset; no copy is made, and
  // a view used in an expression fuses into the kernel as a strided read.

  /// NumPy's x[i0, i1, ...]: per axis an integer (the axis is dropped) or a Slice
  /// (start:stop:step, clamped as NumPy does; negative steps reverse). Axes not named are
  /// kept whole. Throws IndexError (an integer out of range, or too many indices) and ValueError
  /// (a zero step).
  Array slice(std::span<const AxisIndex> index) const { return Array(detail::slice_node(node(), index)); }
  /// As slice(std::span<const AxisIndex>): x.slice({1, Slice{2, 5}}).
  Array slice(std::initializer_list<AxisIndex> index) const {
    return slice(std::span<const AxisIndex>(index.begin(), index.size()));
  }
  /// x(1, Slice{2, std::nullopt}, all) is NumPy's x[1, 2:, :].
  template <class... I>
  requires(sizeof...(I) > 0 && (std::is_constructible_v<AxisIndex, const I&> && ...)) Array operator()(
      const I&... index) const {
    const AxisIndex spec[] = {AxisIndex(index)...};
    return slice(std::span<const AxisIndex>(spec, sizeof...(I)));
  }
  /// x(mask), NumPy's x[mask] for a bool array or expression of x's shape and device: read, the
  /// selected elements in row-major order; assigned to, a masked write in place (sinter/masks.h).
  template <class M>
  requires(detail::Lazy<M>&& detail::lazy_dtype<M>() == DType::Bool) auto operator()(const M& mask) const {
    return Masked<T>(*this, detail::lazy_node(mask));
  }
  /// x(i0, i1, ...), NumPy's x[i0, i1, ...] for integer index arrays or expressions (one per
  /// leading axis of x, broadcast together): read, the gathered elements; assigned to, a scatter
  /// into x (sinter/indexing.h, docs/indexing.md).
  template <class... I>
  requires(sizeof...(I) > 0 && (detail::Lazy<I> && ...) && (is_integer(detail::lazy_dtype<I>()) && ...)) Indexed<T>
  operator()(const I&... indices) const;
  /// The axes reversed (NumPy's x.T).
  Array transpose() const { return Array(detail::transpose_node(node())); }
  /// Axis d of the result is axis axes[d] of this array (negative axes count from the end).
  /// Throws ValueError unless `axes` is a permutation of the axes.
  Array permute(std::span<const int> axes) const { return Array(detail::permute_node(node(), axes)); }
  /// As permute(std::span<const int>): x.permute({2, 0, 1}).
  Array permute(std::initializer_list<int> axes) const {
    return permute(std::span<const int>(axes.begin(), axes.size()));
  }
  /// NumPy's broadcast_to: stretched with zero strides. Throws ShapeError naming both shapes.
  Array broadcast_to(const Shape& shape) const { return Array(detail::broadcast_to_node(node(), shape)); }
  /// A new axis of size 1 at `axis` (in [-ndim-1, ndim]). Throws IndexError when out of range.
  template <detail::Arithmetic I> Array expand_dims(I axis) const {
    return Array(detail::expand_dims_node(node(), checked_axis(axis)));
  }
  /// Axis `axis` (of size 1) removed. Throws IndexError when out of range, ValueError when
  /// its size is not 1.
  template <detail::Arithmetic I> Array squeeze(I axis) const {
    return Array(detail::squeeze_node(node(), checked_axis(axis)));
  }
  /// Every axis of size 1 removed.
  Array squeeze() const { return Array(detail::squeeze_all_node(node())); }
  /// True when this array is a view whose elements are not contiguous and row-major in memory
  /// (a step, a transpose, a broadcast): host reads copy it first.
  bool is_strided_view() const { return detail::is_view_node(node()); }

  /// A copy on `target` (this array itself when it is already there).
  Array to(Device target) const {
    if (device() == target) return *this;
    return Array(detail::copy_node(node(), target));
  }

  /// The fused kernel that evaluating this array would run now, as readable IR.
  std::string kernel_ir() const { return detail::describe_node(node()); }

  /// The IR node (library use). Throws EmptyArrayError for an empty handle.
  const ir::NodePtr& node() const {
    if (!node_) detail::throw_empty("Array");
    return node_;
  }

 private:
  static ir::NodePtr host_node(const std::vector<T>& values, const Shape& shape, Device device) {
    if constexpr (std::is_same_v<T, bool>) {  // std::vector<bool> is packed: unpack it first
      std::unique_ptr<bool[]> copy(new bool[values.size()]);
      for (std::size_t k = 0; k < values.size(); ++k) copy[k] = values[k];
      return detail::host_node(dtype_v<T>, shape, copy.get(), device);
    } else {
      return detail::host_node(dtype_v<T>, shape, values.data(), device);
    }
  }
  // An axis argument as int (one past int's range would wrap to a valid axis).
  template <class I> static int checked_axis(I axis) {
    const std::int64_t a = detail::integer_argument<detail::IntegerArgument::Index>(axis);
    if (a < std::numeric_limits<int>::min() || a > std::numeric_limits<int>::max())
      throw IndexError("axis " + std::to_string(a) + " is out of range");
    return static_cast<int>(a);
  }
  static const Shape& checked(std::size_t count, const Shape& shape) {
    if (static_cast<std::int64_t>(count) != shape.numel())
      throw ShapeError("Array: " + std::to_string(count) + " values cannot fill shape " + shape.to_string() + " of " +
                       std::to_string(shape.numel()) + " elements");
    return shape;
  }
  void retain() {
    if (node_) detail::retain_handle(node_);
  }
  void release() {
    if (node_) detail::release_handle(node_);
  }
  void read(std::int64_t first, std::int64_t count, T* dst) const {
    if constexpr (std::is_same_v<T, bool>) {
      // bool elements are stored as one byte each, 0 or 1.
      std::vector<std::uint8_t> bytes(static_cast<std::size_t>(count));
      detail::read_node(node(), first, count, bytes.data());
      for (std::int64_t k = 0; k < count; ++k) dst[k] = bytes[static_cast<std::size_t>(k)] != 0;
    } else {
      detail::read_node(node(), first, count, dst);
    }
  }

  struct Counted {};  // the node's handle count already includes this array
  Array(ir::NodePtr node, Counted) : node_(std::move(node)) {}

  ir::NodePtr node_;
};

/// `Array a = x * y + 1.0f;` deduces Array<float> from the expression's element type.
template <detail::ExprLike E> Array(const E&) -> Array<typename E::value_type>;

/// Evaluates several arrays at once: those of one shape and device run as one kernel.
template <class... A> void eval(const A&... arrays) {
  std::array<ir::NodePtr, sizeof...(A)> nodes{arrays.node()...};
  detail::evaluate_nodes(nodes);
}

// Factories. Lengths are integers (full<float>(2.5, v) does not compile); a value converted to
// an integer type follows docs/ops.md ("Float to integer").

/// A 1-D array of `length` elements, each `value` converted to T: pending, a broadcast scalar
/// (as full(shape, value)). Throws ShapeError for a negative length. Example: docs/ops.md.
template <Element T, detail::Arithmetic N, detail::ScalarLike V>
Array<T> full(N length, V value, Device device = cpu()) {
  const std::int64_t n = detail::integer_argument<detail::IntegerArgument::Length>(length);
  if (n < 0) throw ShapeError("full: negative length " + std::to_string(n));
  return Array<T>::from_value(
      detail::broadcast_node(detail::scalar_node_of(dtype_v<T>, value), Shape::vector(n), device));
}

/// An array of `shape` whose every element is `value`: pending, a broadcast scalar that fuses
/// into its consumers and takes no memory until evaluated.
template <Element T, detail::ScalarLike V> Array<T> full(const Shape& shape, V value, Device device = cpu()) {
  return Array<T>::from_value(detail::broadcast_node(detail::scalar_node_of(dtype_v<T>, value), shape, device));
}

/// A 1-D array of `n` zeros (full<T>(n, 0)).
template <Element T, detail::Arithmetic N> Array<T> zeros(N n, Device device = cpu()) {
  return full<T>(n, T{0}, device);
}

/// A 1-D array of `n` ones (full<T>(n, 1)).
template <Element T, detail::Arithmetic N> Array<T> ones(N n, Device device = cpu()) {
  return full<T>(n, T{1}, device);
}

/// An array of `shape` filled with zeros (full<T>(shape, 0)).
template <Element T> Array<T> zeros(const Shape& shape, Device device = cpu()) { return full<T>(shape, T{0}, device); }

/// An array of `shape` filled with ones (full<T>(shape, 1)).
template <Element T> Array<T> ones(const Shape& shape, Device device = cpu()) { return full<T>(shape, T{1}, device); }

/// Values start, start + step, ... below stop (above it for a negative step), as NumPy's arange:
/// ceil((stop - start) / step) elements. Integer arguments for an integer type are exact; for a
/// float type element i is start + i * step in double, rounded to T; float arguments for an
/// integer type take NumPy's step T(start + step) - T(start) (docs/ops.md). Throws ValueError (a
/// zero or non-finite argument, an element that does not fit T).
template <Element T, detail::Arithmetic A, detail::Arithmetic B, detail::Arithmetic C = int>
Array<T> arange(A start, B stop, C step = 1, Device device = cpu()) {
  static_assert(!std::is_same_v<T, bool>, "sinter: arange of bool values; make an integer arange and compare it");
  static_assert(!detail::Character<A> && !detail::Character<B> && !detail::Character<C> && !std::is_same_v<A, bool> &&
                    !std::is_same_v<B, bool> && !std::is_same_v<C, bool>,
                "sinter: arange's arguments must be numbers (not a bool or a character)");
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B> && std::is_integral_v<C> && is_integer(dtype_v<T>))
    return Array<T>::from_value(detail::arange_node_exact(
        dtype_v<T>, detail::integer_scalar(start), detail::integer_scalar(stop), detail::integer_scalar(step), device));
  else
    return Array<T>::from_value(detail::arange_node(dtype_v<T>, static_cast<double>(start), static_cast<double>(stop),
                                                    static_cast<double>(step), device));
}

/// arange<T>(0, stop, 1): arange<double>(1.5) is {0, 1}, as NumPy's.
template <Element T, detail::Arithmetic N> Array<T> arange(N stop, Device device = cpu()) {
  return arange<T>(N{0}, stop, N{1}, device);
}

// Array<T> is compiled once, in lib/frontend/array.cpp, for every dtype of the catalogue.
#define SINTER_DTYPE(name, spelling, cpp_type, ...) extern template class Array<cpp_type>;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE

}  // namespace sinter
