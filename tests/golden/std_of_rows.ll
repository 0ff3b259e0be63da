; ModuleID = 'sinter_k_ffbbadf7746fac73'
source_filename = "sinter_k_ffbbadf7746fac73"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, float %6, ptr noalias %7, i64 %8) #0 {
entry:
  %9 = getelementptr inbounds i8, ptr %7, i64 0
  %10 = load double, ptr %9, align 8
  %11 = getelementptr inbounds i8, ptr %7, i64 16
  %12 = load double, ptr %11, align 8
  %13 = icmp slt i64 %0, %1
  br i1 %13, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ %10, %entry ], [ %19, %loop ]
  %acc1 = phi double [ %12, %entry ], [ %21, %loop ]
  %14 = getelementptr inbounds float, ptr %2, i64 %i
  %15 = load float, ptr %14, align 4
  %16 = fmul float %15, %15
  %17 = sub i64 %i, %8
  %18 = fpext float %16 to double
  %19 = fadd reassoc double %acc, %18
  %20 = fpext float %15 to double
  %21 = fadd reassoc double %acc1, %20
  %i.next = add nuw nsw i64 %i, 1
  %22 = icmp slt i64 %i.next, %1
  br i1 %22, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  %23 = phi double [ %10, %entry ], [ %19, %loop ]
  %24 = phi double [ %12, %entry ], [ %21, %loop ]
  %25 = getelementptr inbounds i8, ptr %7, i64 0
  store double %23, ptr %25, align 8
  %26 = getelementptr inbounds i8, ptr %7, i64 16
  store double %24, ptr %26, align 8
  ret void
}

; Function Attrs: nounwind
define void @sinter_k_ffbbadf7746fac73(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #1 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds ptr, ptr %2, i64 2
  %10 = load ptr, ptr %9, align 8
  %11 = getelementptr inbounds ptr, ptr %2, i64 3
  %12 = load ptr, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %3, i64 0
  %14 = load float, ptr %13, align 4
  %15 = getelementptr inbounds i64, ptr %4, i64 0
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %4, i64 1
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 2
  %20 = load i64, ptr %19, align 8
  %21 = getelementptr inbounds i64, ptr %4, i64 3
  %22 = load ptr, ptr %21, align 8
  %23 = getelementptr inbounds i64, ptr %4, i64 4
  %24 = load i64, ptr %23, align 8
  %25 = getelementptr inbounds i64, ptr %4, i64 5
  %26 = load i64, ptr %25, align 8
  %acc = alloca [32 x i8], align 16
  %27 = sub i64 %1, %0
  %28 = icmp slt i64 %0, %1
  br i1 %28, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %72, %next_output ]
  %29 = sub i64 %o, %0
  %30 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %30, align 8
  %31 = getelementptr inbounds i8, ptr %acc, i64 16
  store double 0.000000e+00, ptr %31, align 8
  %32 = icmp eq i64 %24, 2
  br i1 %32, label %combine, label %run

run:                                              ; preds = %output
  %33 = mul i64 %o, %16
  %34 = add i64 %33, %18
  %35 = add i64 %33, %20
  call void @body(i64 %34, i64 %35, ptr %6, ptr %8, ptr %10, ptr %12, float %14, ptr %acc, i64 %33)
  br label %after_run

combine:                                          ; preds = %output
  %36 = icmp sgt i64 %26, 0
  br i1 %36, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %53, %combine_part ]
  %37 = mul i64 %part, %27
  %38 = add i64 %37, %29
  %39 = mul i64 %38, 32
  %40 = getelementptr inbounds i8, ptr %22, i64 %39
  %41 = getelementptr inbounds i8, ptr %acc, i64 0
  %42 = load double, ptr %41, align 8
  %43 = getelementptr inbounds i8, ptr %acc, i64 16
  %44 = load double, ptr %43, align 8
  %45 = getelementptr inbounds i8, ptr %40, i64 0
  %46 = load double, ptr %45, align 8
  %47 = getelementptr inbounds i8, ptr %40, i64 16
  %48 = load double, ptr %47, align 8
  %49 = fadd reassoc double %42, %46
  %50 = fadd reassoc double %44, %48
  %51 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %49, ptr %51, align 8
  %52 = getelementptr inbounds i8, ptr %acc, i64 16
  store double %50, ptr %52, align 8
  %53 = add i64 %part, 1
  %54 = icmp slt i64 %53, %26
  br i1 %54, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %55 = icmp eq i64 %24, 1
  br i1 %55, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %56 = mul i64 %29, 32
  %57 = getelementptr inbounds i8, ptr %22, i64 %56
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %57, ptr align 16 %acc, i64 32, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %58 = getelementptr inbounds i8, ptr %acc, i64 0
  %59 = load double, ptr %58, align 8
  %60 = getelementptr inbounds i8, ptr %acc, i64 16
  %61 = load double, ptr %60, align 8
  %62 = fptrunc double %59 to float
  %63 = fdiv float %62, %14
  %64 = fptrunc double %61 to float
  %65 = fdiv float %64, %14
  %66 = fmul float %65, %65
  %67 = fsub float %63, %66
  %68 = call float @llvm.sqrt.f32(float %67)
  %69 = getelementptr inbounds float, ptr %8, i64 %o
  store float %63, ptr %69, align 4
  %70 = getelementptr inbounds float, ptr %10, i64 %o
  store float %65, ptr %70, align 4
  %71 = getelementptr inbounds float, ptr %12, i64 %o
  store float %68, ptr %71, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %72 = add i64 %o, 1
  %73 = icmp slt i64 %72, %1
  br i1 %73, label %output, label %exit

exit:                                             ; preds = %next_output, %entry
  ret void
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.sqrt.f32(float) #3

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nounwind }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
