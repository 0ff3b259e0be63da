; ModuleID = 'sinter_k_b816592e4dc7e8e8'
source_filename = "sinter_k_b816592e4dc7e8e8"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, i64 %5, i64 %6, i64 %7, i64 %8, ptr noalias %9, i64 %10) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %11 = icmp slt i64 %0, %1
  br i1 %11, label %start, label %exit

start:                                            ; preds = %entry
  %12 = urem i64 %0, %6
  %13 = udiv i64 %0, %6
  store i64 %13, ptr %coordinate, align 8
  %14 = mul i64 %13, %7
  %15 = add i64 0, %14
  store i64 %15, ptr %base, align 8
  %16 = sub i64 %0, %12
  store i64 %16, ptr %row_first, align 8
  store i64 %12, ptr %column, align 8
  br label %row

row:                                              ; preds = %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %17 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %17)
  %row_base = load i64, ptr %base, align 8
  %18 = getelementptr inbounds i8, ptr %9, i64 0
  %19 = load double, ptr %18, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %acc = phi double [ %19, %row ], [ %28, %inner ]
  %20 = add i64 %row_base, %k
  %i = add i64 %first, %k
  %21 = getelementptr inbounds float, ptr %2, i64 %i
  %22 = load float, ptr %21, align 4
  %23 = getelementptr inbounds float, ptr %3, i64 %20
  %24 = load float, ptr %23, align 4
  %25 = fmul float %22, %24
  %26 = sub i64 %i, %10
  %27 = fpext float %25 to double
  %28 = fadd reassoc double %acc, %27
  %k.next = add nuw nsw i64 %k, 1
  %29 = icmp slt i64 %k.next, %stop
  br i1 %29, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %30 = getelementptr inbounds i8, ptr %9, i64 0
  store double %28, ptr %30, align 8
  %31 = add i64 %first, %6
  store i64 %31, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %32 = icmp slt i64 %31, %1
  br i1 %32, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %33 = load i64, ptr %coordinate, align 8
  %34 = add i64 %33, 1
  br label %step

step:                                             ; preds = %carry
  store i64 %34, ptr %coordinate, align 8
  %35 = load i64, ptr %base, align 8
  %36 = add i64 %35, %7
  store i64 %36, ptr %base, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_b816592e4dc7e8e8(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #2 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds ptr, ptr %2, i64 2
  %10 = load ptr, ptr %9, align 8
  %11 = getelementptr inbounds i64, ptr %3, i64 0
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %3, i64 1
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %3, i64 2
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %3, i64 3
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 0
  %20 = load i64, ptr %19, align 8
  %21 = getelementptr inbounds i64, ptr %4, i64 1
  %22 = load i64, ptr %21, align 8
  %23 = getelementptr inbounds i64, ptr %4, i64 2
  %24 = load i64, ptr %23, align 8
  %25 = getelementptr inbounds i64, ptr %4, i64 3
  %26 = load ptr, ptr %25, align 8
  %27 = getelementptr inbounds i64, ptr %4, i64 4
  %28 = load i64, ptr %27, align 8
  %29 = getelementptr inbounds i64, ptr %4, i64 5
  %30 = load i64, ptr %29, align 8
  %acc = alloca [16 x i8], align 16
  %31 = sub i64 %1, %0
  %32 = icmp slt i64 %0, %1
  br i1 %32, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %59, %next_output ]
  %33 = sub i64 %o, %0
  %34 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %34, align 8
  %35 = icmp eq i64 %28, 2
  br i1 %35, label %combine, label %run

run:                                              ; preds = %output
  %36 = mul i64 %o, %20
  %37 = add i64 %36, %22
  %38 = add i64 %36, %24
  call void @body(i64 %37, i64 %38, ptr %6, ptr %8, ptr %10, i64 %12, i64 %14, i64 %16, i64 %18, ptr %acc, i64 %36)
  br label %after_run

combine:                                          ; preds = %output
  %39 = icmp sgt i64 %30, 0
  br i1 %39, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %50, %combine_part ]
  %40 = mul i64 %part, %31
  %41 = add i64 %40, %33
  %42 = mul i64 %41, 16
  %43 = getelementptr inbounds i8, ptr %26, i64 %42
  %44 = getelementptr inbounds i8, ptr %acc, i64 0
  %45 = load double, ptr %44, align 8
  %46 = getelementptr inbounds i8, ptr %43, i64 0
  %47 = load double, ptr %46, align 8
  %48 = fadd reassoc double %45, %47
  %49 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %48, ptr %49, align 8
  %50 = add i64 %part, 1
  %51 = icmp slt i64 %50, %30
  br i1 %51, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %52 = icmp eq i64 %28, 1
  br i1 %52, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %53 = mul i64 %33, 16
  %54 = getelementptr inbounds i8, ptr %26, i64 %53
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %54, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %55 = getelementptr inbounds i8, ptr %acc, i64 0
  %56 = load double, ptr %55, align 8
  %57 = fptrunc double %56 to float
  %58 = getelementptr inbounds float, ptr %10, i64 %o
  store float %57, ptr %58, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %59 = add i64 %o, 1
  %60 = icmp slt i64 %59, %1
  br i1 %60, label %output, label %exit

exit:                                             ; preds = %next_output, %entry
  ret void
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #3

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
