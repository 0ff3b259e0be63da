; ModuleID = 'sinter_k_6418b8fc95140bd0'
source_filename = "sinter_k_6418b8fc95140bd0"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, float %4, i64 %5, i64 %6) #0 {
entry:
  %coordinate = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %7 = icmp slt i64 %0, %1
  br i1 %7, label %start, label %exit

start:                                            ; preds = %entry
  %8 = urem i64 %0, %5
  %9 = udiv i64 %0, %5
  store i64 0, ptr %base, align 8
  %10 = sub i64 %0, %8
  store i64 %10, ptr %row_first, align 8
  store i64 %8, ptr %column, align 8
  br label %row

row:                                              ; preds = %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %11 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %5, i64 %11)
  %row_base = load i64, ptr %base, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %12 = mul i64 %k, %6
  %13 = add i64 %row_base, %12
  %i = add i64 %first, %k
  %14 = getelementptr inbounds float, ptr %2, i64 %i
  %15 = load float, ptr %14, align 4
  %16 = fmul float %15, %4
  %17 = getelementptr inbounds float, ptr %3, i64 %13
  store float %16, ptr %17, align 4
  %k.next = add nuw nsw i64 %k, 1
  %18 = icmp slt i64 %k.next, %stop
  br i1 %18, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %19 = add i64 %first, %5
  store i64 %19, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %20 = icmp slt i64 %19, %1
  br i1 %20, label %exit, label %exit

exit:                                             ; preds = %row_done, %row_done, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_6418b8fc95140bd0(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds i64, ptr %3, i64 0
  %9 = load float, ptr %8, align 4
  %10 = getelementptr inbounds i64, ptr %3, i64 1
  %11 = load i64, ptr %10, align 8
  %12 = getelementptr inbounds i64, ptr %3, i64 2
  %13 = load i64, ptr %12, align 8
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, float %9, i64 %11, i64 %13)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
