; ModuleID = 'sinter_k_8e358d272e20b7db'
source_filename = "sinter_k_8e358d272e20b7db"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, float %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %10 = icmp slt i64 %0, %1
  br i1 %10, label %start, label %exit

start:                                            ; preds = %entry
  %11 = urem i64 %0, %7
  %12 = udiv i64 %0, %7
  store i64 %12, ptr %coordinate, align 8
  %13 = mul i64 %12, %8
  %14 = add i64 0, %13
  store i64 %14, ptr %base, align 8
  %15 = sub i64 %0, %11
  store i64 %15, ptr %row_first, align 8
  store i64 %11, ptr %column, align 8
  br label %row

row:                                              ; preds = %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %16 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %7, i64 %16)
  %row_base = load i64, ptr %base, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %17 = mul i64 %k, %9
  %18 = add i64 %row_base, %17
  %i = add i64 %first, %k
  %19 = getelementptr inbounds float, ptr %2, i64 %18
  %20 = load float, ptr %19, align 4
  %21 = fmul float %20, %5
  %22 = getelementptr inbounds float, ptr %3, i64 %i
  %23 = load float, ptr %22, align 4
  %24 = fadd float %21, %23
  %25 = getelementptr inbounds float, ptr %4, i64 %i
  store float %24, ptr %25, align 4
  %k.next = add nuw nsw i64 %k, 1
  %26 = icmp slt i64 %k.next, %stop
  br i1 %26, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %27 = add i64 %first, %7
  store i64 %27, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %28 = icmp slt i64 %27, %1
  br i1 %28, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %29 = load i64, ptr %coordinate, align 8
  %30 = add i64 %29, 1
  br label %step

step:                                             ; preds = %carry
  store i64 %30, ptr %coordinate, align 8
  %31 = load i64, ptr %base, align 8
  %32 = add i64 %31, %8
  store i64 %32, ptr %base, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_8e358d272e20b7db(i64 %0, i64 %1, ptr %2, ptr %3) #2 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  %10 = getelementptr inbounds i64, ptr %3, i64 0
  %11 = load float, ptr %10, align 4
  %12 = getelementptr inbounds i64, ptr %3, i64 1
  %13 = load i64, ptr %12, align 8
  %14 = getelementptr inbounds i64, ptr %3, i64 2
  %15 = load i64, ptr %14, align 8
  %16 = getelementptr inbounds i64, ptr %3, i64 3
  %17 = load i64, ptr %16, align 8
  %18 = getelementptr inbounds i64, ptr %3, i64 4
  %19 = load i64, ptr %18, align 8
  call void @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9, float %11, i64 %13, i64 %15, i64 %17, i64 %19)
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
