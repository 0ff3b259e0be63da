; ModuleID = 'sinter_k_2520f20b9cacb763'
source_filename = "sinter_k_2520f20b9cacb763"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, ptr noalias nocapture %6, float %7, i32 %8) #0 {
entry:
  %9 = icmp slt i64 %0, %1
  br i1 %9, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %10 = getelementptr inbounds i32, ptr %2, i64 %i
  %11 = load i32, ptr %10, align 4
  %12 = getelementptr inbounds i32, ptr %3, i64 %i
  %13 = load i32, ptr %12, align 4
  %14 = icmp slt i32 %11, %13
  %15 = getelementptr inbounds float, ptr %4, i64 %i
  %16 = load float, ptr %15, align 4
  %17 = fcmp ogt float %16, %7
  %18 = xor i1 %17, true
  %19 = and i1 %14, %18
  %20 = mul i32 %11, %8
  %21 = sub i32 %20, %13
  %22 = sitofp i32 %21 to float
  %23 = call float @llvm.floor.f32(float %16)
  %24 = select i1 %19, float %22, float %23
  %25 = getelementptr inbounds i32, ptr %5, i64 %i
  store i32 %21, ptr %25, align 4
  %26 = getelementptr inbounds float, ptr %6, i64 %i
  store float %24, ptr %26, align 4
  %i.next = add nuw nsw i64 %i, 1
  %27 = icmp slt i64 %i.next, %1
  br i1 %27, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.floor.f32(float) #1

; Function Attrs: nounwind
define void @sinter_k_2520f20b9cacb763(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr inbounds ptr, ptr %2, i64 3
  %11 = load ptr, ptr %10, align 8
  %12 = getelementptr inbounds ptr, ptr %2, i64 4
  %13 = load ptr, ptr %12, align 8
  %14 = getelementptr inbounds i64, ptr %3, i64 0
  %15 = load float, ptr %14, align 4
  %16 = getelementptr inbounds i64, ptr %3, i64 1
  %17 = load i32, ptr %16, align 4
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9, ptr %11, ptr %13, float %15, i32 %17)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
