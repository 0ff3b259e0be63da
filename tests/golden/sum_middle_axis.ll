; ModuleID = 'sinter_k_a8a174176ea3a370'
source_filename = "sinter_k_a8a174176ea3a370"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, i64 %4, i64 %5, i64 %6, i64 %7, i64 %8, i64 %9, ptr noalias %10, i64 %11) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %coordinate2 = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %12 = icmp slt i64 %0, %1
  br i1 %12, label %start, label %exit

start:                                            ; preds = %entry
  %13 = urem i64 %0, %6
  %14 = udiv i64 %0, %6
  %15 = urem i64 %14, %5
  %16 = udiv i64 %14, %5
  store i64 %15, ptr %coordinate1, align 8
  %17 = mul i64 %15, %8
  %18 = add i64 0, %17
  store i64 %16, ptr %coordinate, align 8
  %19 = mul i64 %16, %7
  %20 = add i64 %18, %19
  store i64 %20, ptr %base, align 8
  %21 = sub i64 %0, %13
  store i64 %21, ptr %row_first, align 8
  store i64 %13, ptr %column, align 8
  br label %row

row:                                              ; preds = %step3, %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %22 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %22)
  %row_base = load i64, ptr %base, align 8
  %23 = getelementptr inbounds i8, ptr %10, i64 0
  %24 = load double, ptr %23, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %acc = phi double [ %24, %row ], [ %31, %inner ]
  %25 = mul i64 %k, %9
  %26 = add i64 %row_base, %25
  %i = add i64 %first, %k
  %27 = getelementptr inbounds float, ptr %2, i64 %26
  %28 = load float, ptr %27, align 4
  %29 = sub i64 %i, %11
  %30 = fpext float %28 to double
  %31 = fadd reassoc double %acc, %30
  %k.next = add nuw nsw i64 %k, 1
  %32 = icmp slt i64 %k.next, %stop
  br i1 %32, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %33 = getelementptr inbounds i8, ptr %10, i64 0
  store double %31, ptr %33, align 8
  %34 = add i64 %first, %6
  store i64 %34, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %35 = icmp slt i64 %34, %1
  br i1 %35, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %36 = load i64, ptr %coordinate1, align 8
  %37 = add i64 %36, 1
  %38 = icmp slt i64 %37, %5
  br i1 %38, label %step, label %wrap

step:                                             ; preds = %carry
  store i64 %37, ptr %coordinate1, align 8
  %39 = load i64, ptr %base, align 8
  %40 = add i64 %39, %8
  store i64 %40, ptr %base, align 8
  br label %row

wrap:                                             ; preds = %carry
  store i64 0, ptr %coordinate1, align 8
  %41 = sub i64 %5, 1
  %42 = mul i64 %41, %8
  %43 = load i64, ptr %base, align 8
  %44 = sub i64 %43, %42
  store i64 %44, ptr %base, align 8
  %45 = load i64, ptr %coordinate, align 8
  %46 = add i64 %45, 1
  br label %step3

step3:                                            ; preds = %wrap
  store i64 %46, ptr %coordinate, align 8
  %47 = load i64, ptr %base, align 8
  %48 = add i64 %47, %7
  store i64 %48, ptr %base, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nounwind
define void @sinter_k_a8a174176ea3a370(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #2 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds i64, ptr %3, i64 0
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds i64, ptr %3, i64 1
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %3, i64 2
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %3, i64 3
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %3, i64 4
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %3, i64 5
  %20 = load i64, ptr %19, align 8
  %21 = getelementptr inbounds i64, ptr %4, i64 0
  %22 = load i64, ptr %21, align 8
  %23 = getelementptr inbounds i64, ptr %4, i64 1
  %24 = load i64, ptr %23, align 8
  %25 = getelementptr inbounds i64, ptr %4, i64 2
  %26 = load i64, ptr %25, align 8
  %27 = getelementptr inbounds i64, ptr %4, i64 3
  %28 = load ptr, ptr %27, align 8
  %29 = getelementptr inbounds i64, ptr %4, i64 4
  %30 = load i64, ptr %29, align 8
  %31 = getelementptr inbounds i64, ptr %4, i64 5
  %32 = load i64, ptr %31, align 8
  %acc = alloca [16 x i8], align 16
  %33 = sub i64 %1, %0
  %34 = icmp slt i64 %0, %1
  br i1 %34, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %63, %next_output ]
  %35 = sub i64 %o, %0
  %36 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %36, align 8
  %37 = icmp eq i64 %30, 2
  br i1 %37, label %combine, label %run

run:                                              ; preds = %output
  %38 = mul i64 %o, %22
  %39 = add i64 %38, %24
  %40 = add i64 %38, %26
  call void @body(i64 %39, i64 %40, ptr %6, ptr %8, i64 %10, i64 %12, i64 %14, i64 %16, i64 %18, i64 %20, ptr %acc, i64 %38)
  br label %after_run

combine:                                          ; preds = %output
  %41 = icmp sgt i64 %32, 0
  br i1 %41, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %52, %combine_part ]
  %42 = mul i64 %part, %33
  %43 = add i64 %42, %35
  %44 = mul i64 %43, 16
  %45 = getelementptr inbounds i8, ptr %28, i64 %44
  %46 = getelementptr inbounds i8, ptr %acc, i64 0
  %47 = load double, ptr %46, align 8
  %48 = getelementptr inbounds i8, ptr %45, i64 0
  %49 = load double, ptr %48, align 8
  %50 = fadd reassoc double %47, %49
  %51 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %50, ptr %51, align 8
  %52 = add i64 %part, 1
  %53 = icmp slt i64 %52, %32
  br i1 %53, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %54 = icmp eq i64 %30, 1
  br i1 %54, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %55 = mul i64 %35, 16
  %56 = getelementptr inbounds i8, ptr %28, i64 %55
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %56, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %57 = urem i64 %o, %12
  %58 = udiv i64 %o, %12
  %59 = getelementptr inbounds i8, ptr %acc, i64 0
  %60 = load double, ptr %59, align 8
  %61 = fptrunc double %60 to float
  %62 = getelementptr inbounds float, ptr %8, i64 %o
  store float %61, ptr %62, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %63 = add i64 %o, 1
  %64 = icmp slt i64 %63, %1
  br i1 %64, label %output, label %exit

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
