; ModuleID = 'sinter_k_5e630c72df1e1d40'
source_filename = "sinter_k_5e630c72df1e1d40"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, i64 %4, i32 %5, i32 %6, float %7, float %8, float %9) #0 {
entry:
  %10 = icmp slt i64 %0, %1
  br i1 %10, label %loop, label %exit

loop:                                             ; preds = %loop_exit, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop_exit ]
  %11 = getelementptr inbounds float, ptr %2, i64 %i
  %12 = load float, ptr %11, align 4
  br label %loop1

exit:                                             ; preds = %loop_exit, %entry
  ret void

loop1:                                            ; preds = %end_if, %loop
  %trips = phi i64 [ 0, %loop ], [ %trips.next, %end_if ]
  %state = phi float [ %12, %loop ], [ %if_result, %end_if ]
  %state2 = phi i32 [ %5, %loop ], [ %22, %end_if ]
  %13 = fcmp ogt float %state, %8
  %14 = icmp slt i64 %trips, %4
  %going = and i1 %13, %14
  br i1 %going, label %loop_body, label %loop_exit

loop_body:                                        ; preds = %loop1
  %15 = fcmp ogt float %state, %7
  br i1 %15, label %then, label %else

loop_exit:                                        ; preds = %loop1
  %16 = sitofp i32 %state2 to float
  %17 = fadd float %state, %16
  %18 = getelementptr inbounds float, ptr %3, i64 %i
  store float %17, ptr %18, align 4
  %i.next = add nuw nsw i64 %i, 1
  %19 = icmp slt i64 %i.next, %1
  br i1 %19, label %loop, label %exit, !llvm.loop !0

then:                                             ; preds = %loop_body
  %20 = call float @llvm.sqrt.f32(float %state)
  br label %end_if

else:                                             ; preds = %loop_body
  %21 = fmul float %state, %9
  br label %end_if

end_if:                                           ; preds = %else, %then
  %if_result = phi float [ %20, %then ], [ %21, %else ]
  %22 = add i32 %state2, %6
  %trips.next = add nuw nsw i64 %trips, 1
  br label %loop1
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.sqrt.f32(float) #1

; Function Attrs: nounwind
define void @sinter_k_5e630c72df1e1d40(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds i64, ptr %3, i64 0
  %9 = load i64, ptr %8, align 8
  %10 = getelementptr inbounds i64, ptr %3, i64 1
  %11 = load i32, ptr %10, align 4
  %12 = getelementptr inbounds i64, ptr %3, i64 2
  %13 = load i32, ptr %12, align 4
  %14 = getelementptr inbounds i64, ptr %3, i64 3
  %15 = load float, ptr %14, align 4
  %16 = getelementptr inbounds i64, ptr %3, i64 4
  %17 = load float, ptr %16, align 4
  %18 = getelementptr inbounds i64, ptr %3, i64 5
  %19 = load float, ptr %18, align 4
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, i64 %9, i32 %11, i32 %13, float %15, float %17, float %19)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
