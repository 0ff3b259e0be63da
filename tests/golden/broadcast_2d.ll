; ModuleID = 'sinter_k_614f7855ab506aeb'
source_filename = "sinter_k_614f7855ab506aeb"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, i64 %6, i64 %7, i64 %8, i64 %9, i64 %10, i64 %11) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %base = alloca i64, align 8
  %base2 = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %12 = icmp slt i64 %0, %1
  br i1 %12, label %start, label %exit

start:                                            ; preds = %entry
  %13 = urem i64 %0, %7
  %14 = udiv i64 %0, %7
  store i64 %14, ptr %coordinate, align 8
  %15 = mul i64 %14, %8
  %16 = add i64 0, %15
  %17 = mul i64 %14, %10
  %18 = add i64 0, %17
  store i64 %16, ptr %base, align 8
  store i64 %18, ptr %base2, align 8
  %19 = sub i64 %0, %13
  store i64 %19, ptr %row_first, align 8
  store i64 %13, ptr %column, align 8
  br label %row

row:                                              ; preds = %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %20 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %7, i64 %20)
  %row_base = load i64, ptr %base, align 8
  %row_base3 = load i64, ptr %base2, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %21 = add i64 %row_base, %k
  %i = add i64 %first, %k
  %22 = getelementptr inbounds float, ptr %2, i64 %i
  %23 = load float, ptr %22, align 4
  %24 = getelementptr inbounds float, ptr %3, i64 %21
  %25 = load float, ptr %24, align 4
  %26 = fmul float %23, %25
  %27 = getelementptr inbounds float, ptr %4, i64 %row_base3
  %28 = load float, ptr %27, align 4
  %29 = fadd float %26, %28
  %30 = getelementptr inbounds float, ptr %5, i64 %i
  store float %29, ptr %30, align 4
  %k.next = add nuw nsw i64 %k, 1
  %31 = icmp slt i64 %k.next, %stop
  br i1 %31, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %32 = add i64 %first, %7
  store i64 %32, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %33 = icmp slt i64 %32, %1
  br i1 %33, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %34 = load i64, ptr %coordinate, align 8
  %35 = add i64 %34, 1
  br label %step

step:                                             ; preds = %carry
  store i64 %35, ptr %coordinate, align 8
  %36 = load i64, ptr %base, align 8
  %37 = add i64 %36, %8
  store i64 %37, ptr %base, align 8
  %38 = load i64, ptr %base2, align 8
  %39 = add i64 %38, %10
  store i64 %39, ptr %base2, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_614f7855ab506aeb(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr inbounds ptr, ptr %2, i64 3
  %11 = load ptr, ptr %10, align 8
  %12 = getelementptr inbounds i64, ptr %3, i64 0
  %13 = load i64, ptr %12, align 8
  %14 = getelementptr inbounds i64, ptr %3, i64 1
  %15 = load i64, ptr %14, align 8
  %16 = getelementptr inbounds i64, ptr %3, i64 2
  %17 = load i64, ptr %16, align 8
  %18 = getelementptr inbounds i64, ptr %3, i64 3
  %19 = load i64, ptr %18, align 8
  %20 = getelementptr inbounds i64, ptr %3, i64 4
  %21 = load i64, ptr %20, align 8
  %22 = getelementptr inbounds i64, ptr %3, i64 5
  %23 = load i64, ptr %22, align 8
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9, ptr %11, i64 %13, i64 %15, i64 %17, i64 %19, i64 %21, i64 %23)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
