#!/usr/bin/env bash
# Checks the dynamic symbol table of libsinter.so ($1): every exported symbol is part of sinter's
# public API (include/sinter, marked SINTER_API), and none belongs to LLVM, spdlog, fmt, the C++
# standard library's templates or sinter's internals (IR, fusion, code generation, runtimes).
set -euo pipefail
library=$1
exported="$(mktemp)"
trap 'rm -f "$exported"' EXIT
# Defined, exported symbols, demangled: "ADDRESS TYPE NAME".
nm -D --defined-only -C "$library" | cut -d' ' -f3- | sort -u >"$exported"
count=$(wc -l <"$exported")
[ "$count" -gt 0 ] || { echo "check_symbols: no exported symbols in $library"; exit 1; }
status=0
# Forbidden by name (the qualified name, before any parameter list: public functions do take the
# opaque sinter::ir::NodePtr): third-party code and sinter's internal namespaces and entry points.
forbidden='(^| )((vtable|typeinfo|typeinfo name|guard variable) for )?((llvm|spdlog|fmt)::|sinter::(ir|fuse|gpu|llvm_backend|runtime_cpu|cache|process|config)::|sinter::(interpret|interpret_plan|find_or_compile|backend_for|make_cuda_backend|log|clear_kernel_cache|float_to_integer)$)'
if sed 's/(.*//' "$exported" | grep -E "$forbidden" >/dev/null; then
  echo "check_symbols: internal or third-party symbols exported by $library:"
  sed 's/(.*//' "$exported" | grep -E "$forbidden" | head -40
  status=1
fi
# Allowed: symbols of namespace sinter (with their vtables and type_info, which exceptions need
# across the library boundary), and the ELF markers the linker adds.
allowed='^((vtable|typeinfo|typeinfo name) for )?sinter::|^(_init|_fini|_edata|_end|__bss_start)$'
if grep -Ev "$allowed" "$exported" >/dev/null; then
  echo "check_symbols: symbols outside namespace sinter exported by $library:"
  grep -Ev "$allowed" "$exported" | head -40
  status=1
fi
[ $status -eq 0 ] && echo "check_symbols: $count exported symbols, all in sinter's public API"
exit $status
