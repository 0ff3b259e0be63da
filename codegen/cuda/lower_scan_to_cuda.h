// Scan kernels (ir/kernel.h; docs/scans.md) -> CUDA C++. Two kernels share one element function
// (the fused producer) and the scan's operator: a thread per row for many rows (a scan along a
// leading axis, or short rows), and a single-pass tile scan with decoupled look-back (Merrill and
// Garland, "Single-pass Parallel Prefix Scan with Decoupled Look-back", NVIDIA 2016) for long
// rows. The launcher picks one per launch.
#pragma once
#include <cstddef>
#include <string>

#include "codegen/cuda/lower_to_cuda.h"
#include "ir/kernel.h"

namespace sinter::gpu {

/// Elements one thread of the tile kernel scans in registers, and the elements of one tile.
inline constexpr int kScanItemsPerThread = 8;
inline constexpr int kScanTile = kThreadsPerBlock * kScanItemsPerThread;

/// The definitions of a scan kernel, without the prelude. Four extern "C" entry points, each
/// taking one pointer per buffer (inputs, then outputs), one value per scalar slot, then:
///   <name>_rows, <name>_rows_i64      Index n, Index length
///       rows n of `length` elements; thread o (over the grid, striding) scans row o
///   <name>_tiles, <name>_tiles_i64    Index n, Index length, unsigned int* counter,
///                                     unsigned int* flags, void* aggregates, void* inclusive
///       one block per tile of kScanTile elements of a row, n * ceil(length / kScanTile) blocks;
///       `counter` (one, zero) hands tiles out in launch order; `flags` (one per tile, zero),
///       `aggregates` and `inclusive` (one 8-byte slot per tile) hold the look-back's state
/// with Index unsigned int (n * length <= kMaxElementsFor32BitIndex) or long long (_i64).
/// Throws CompileError for IR that is not a scan kernel or breaks the type rules.
std::string lower_scan_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options = {});

/// The entry point names: "<name>_rows" or "<name>_tiles", with "_i64" for 64-bit indexing.
std::string scan_entry_point(const ir::KernelIR& kernel, bool tiles, bool index64);

/// Extra parameters after the scalars: n, length, then (tiles) counter, flags, aggregates, inclusive.
inline constexpr std::size_t kScanRowsParameters = 2;
inline constexpr std::size_t kScanTilesParameters = 6;

}  // namespace sinter::gpu
