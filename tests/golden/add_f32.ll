; ModuleID = 'sinter_k_1d13894015535e2d'
source_filename = "sinter_k_1d13894015535e2d"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4) #0 {
entry:
  %5 = icmp slt i64 %0, %1
  br i1 %5, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %6 = getelementptr inbounds float, ptr %2, i64 %i
  %7 = load float, ptr %6, align 4
  %8 = getelementptr inbounds float, ptr %3, i64 %i
  %9 = load float, ptr %8, align 4
  %10 = fadd float %7, %9
  %11 = getelementptr inbounds float, ptr %4, i64 %i
  store float %10, ptr %11, align 4
  %i.next = add nuw nsw i64 %i, 1
  %12 = icmp slt i64 %i.next, %1
  br i1 %12, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  ret void
}

; Function Attrs: nounwind
define void @sinter_k_1d13894015535e2d(i64 %0, i64 %1, ptr %2, ptr %3) #1 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
