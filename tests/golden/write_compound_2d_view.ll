; ModuleID = 'sinter_k_58a3f811d10422bf'
source_filename = "sinter_k_58a3f811d10422bf"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, i64 %5, i64 %6, i64 %7, i64 %8) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %9 = icmp slt i64 %0, %1
  br i1 %9, label %start, label %exit

start:                                            ; preds = %entry
  %10 = urem i64 %0, %6
  %11 = udiv i64 %0, %6
  store i64 %11, ptr %coordinate, align 8
  %12 = mul i64 %11, %7
  %13 = add i64 0, %12
  store i64 %13, ptr %base, align 8
  %14 = sub i64 %0, %10
  store i64 %14, ptr %row_first, align 8
  store i64 %10, ptr %column, align 8
  br label %row

row:                                              ; preds = %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %15 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %15)
  %row_base = load i64, ptr %base, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %16 = mul i64 %k, %8
  %17 = add i64 %row_base, %16
  %i = add i64 %first, %k
  %18 = getelementptr inbounds float, ptr %2, i64 %17
  %19 = load float, ptr %18, align 4
  %20 = getelementptr inbounds float, ptr %3, i64 %i
  %21 = load float, ptr %20, align 4
  %22 = fadd float %19, %21
  %23 = getelementptr inbounds float, ptr %4, i64 %17
  store float %22, ptr %23, align 4
  %k.next = add nuw nsw i64 %k, 1
  %24 = icmp slt i64 %k.next, %stop
  br i1 %24, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %25 = add i64 %first, %6
  store i64 %25, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %26 = icmp slt i64 %25, %1
  br i1 %26, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %27 = load i64, ptr %coordinate, align 8
  %28 = add i64 %27, 1
  br label %step

step:                                             ; preds = %carry
  store i64 %28, ptr %coordinate, align 8
  %29 = load i64, ptr %base, align 8
  %30 = add i64 %29, %7
  store i64 %30, ptr %base, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_58a3f811d10422bf(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr inbounds i64, ptr %3, i64 0
  %11 = load i64, ptr %10, align 8
  %12 = getelementptr inbounds i64, ptr %3, i64 1
  %13 = load i64, ptr %12, align 8
  %14 = getelementptr inbounds i64, ptr %3, i64 2
  %15 = load i64, ptr %14, align 8
  %16 = getelementptr inbounds i64, ptr %3, i64 3
  %17 = load i64, ptr %16, align 8
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9, i64 %11, i64 %13, i64 %15, i64 %17)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
