; ModuleID = 'sinter_k_a6682140c6c05896'
source_filename = "sinter_k_a6682140c6c05896"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, ptr noalias nocapture %6, float %7, ptr noalias %8, i64 %9) #0 {
entry:
  %10 = getelementptr inbounds i8, ptr %8, i64 0
  %11 = load double, ptr %10, align 8
  %12 = getelementptr inbounds i8, ptr %8, i64 16
  %13 = load double, ptr %12, align 8
  %14 = icmp slt i64 %0, %1
  br i1 %14, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ %11, %entry ], [ %20, %loop ]
  %acc1 = phi double [ %13, %entry ], [ %22, %loop ]
  %15 = getelementptr inbounds float, ptr %2, i64 %i
  %16 = load float, ptr %15, align 4
  %17 = fmul float %16, %16
  %18 = sub i64 %i, %9
  %19 = fpext float %17 to double
  %20 = fadd reassoc double %acc, %19
  %21 = fpext float %16 to double
  %22 = fadd reassoc double %acc1, %21
  %i.next = add nuw nsw i64 %i, 1
  %23 = icmp slt i64 %i.next, %1
  br i1 %23, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  %24 = phi double [ %11, %entry ], [ %20, %loop ]
  %25 = phi double [ %13, %entry ], [ %22, %loop ]
  %26 = getelementptr inbounds i8, ptr %8, i64 0
  store double %24, ptr %26, align 8
  %27 = getelementptr inbounds i8, ptr %8, i64 16
  store double %25, ptr %27, align 8
  ret void
}

; Function Attrs: nounwind
define void @sinter_k_a6682140c6c05896(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #1 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds ptr, ptr %2, i64 2
  %10 = load ptr, ptr %9, align 8
  %11 = getelementptr inbounds ptr, ptr %2, i64 3
  %12 = load ptr, ptr %11, align 8
  %13 = getelementptr inbounds ptr, ptr %2, i64 4
  %14 = load ptr, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %3, i64 0
  %16 = load float, ptr %15, align 4
  %17 = getelementptr inbounds i64, ptr %4, i64 0
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 1
  %20 = load i64, ptr %19, align 8
  %21 = getelementptr inbounds i64, ptr %4, i64 2
  %22 = load i64, ptr %21, align 8
  %23 = getelementptr inbounds i64, ptr %4, i64 3
  %24 = load ptr, ptr %23, align 8
  %25 = getelementptr inbounds i64, ptr %4, i64 4
  %26 = load i64, ptr %25, align 8
  %27 = getelementptr inbounds i64, ptr %4, i64 5
  %28 = load i64, ptr %27, align 8
  %acc = alloca [32 x i8], align 16
  %29 = sub i64 %1, %0
  %30 = icmp slt i64 %0, %1
  br i1 %30, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %76, %next_output ]
  %31 = sub i64 %o, %0
  %32 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %32, align 8
  %33 = getelementptr inbounds i8, ptr %acc, i64 16
  store double 0.000000e+00, ptr %33, align 8
  %34 = icmp eq i64 %26, 2
  br i1 %34, label %combine, label %run

run:                                              ; preds = %output
  %35 = mul i64 %o, %18
  %36 = add i64 %35, %20
  %37 = add i64 %35, %22
  call void @body(i64 %36, i64 %37, ptr %6, ptr %8, ptr %10, ptr %12, ptr %14, float %16, ptr %acc, i64 %35)
  br label %after_run

combine:                                          ; preds = %output
  %38 = icmp sgt i64 %28, 0
  br i1 %38, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %55, %combine_part ]
  %39 = mul i64 %part, %29
  %40 = add i64 %39, %31
  %41 = mul i64 %40, 32
  %42 = getelementptr inbounds i8, ptr %24, i64 %41
  %43 = getelementptr inbounds i8, ptr %acc, i64 0
  %44 = load double, ptr %43, align 8
  %45 = getelementptr inbounds i8, ptr %acc, i64 16
  %46 = load double, ptr %45, align 8
  %47 = getelementptr inbounds i8, ptr %42, i64 0
  %48 = load double, ptr %47, align 8
  %49 = getelementptr inbounds i8, ptr %42, i64 16
  %50 = load double, ptr %49, align 8
  %51 = fadd reassoc double %44, %48
  %52 = fadd reassoc double %46, %50
  %53 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %51, ptr %53, align 8
  %54 = getelementptr inbounds i8, ptr %acc, i64 16
  store double %52, ptr %54, align 8
  %55 = add i64 %part, 1
  %56 = icmp slt i64 %55, %28
  br i1 %56, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %57 = icmp eq i64 %26, 1
  br i1 %57, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %58 = mul i64 %31, 32
  %59 = getelementptr inbounds i8, ptr %24, i64 %58
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %59, ptr align 16 %acc, i64 32, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %60 = getelementptr inbounds i8, ptr %acc, i64 0
  %61 = load double, ptr %60, align 8
  %62 = getelementptr inbounds i8, ptr %acc, i64 16
  %63 = load double, ptr %62, align 8
  %64 = fptrunc double %61 to float
  %65 = fdiv float %64, %16
  %66 = fptrunc double %63 to float
  %67 = fdiv float %66, %16
  %68 = fdiv float %66, %16
  %69 = fmul float %67, %68
  %70 = fsub float %65, %69
  %71 = call float @llvm.sqrt.f32(float %70)
  %72 = getelementptr inbounds float, ptr %8, i64 %o
  store float %65, ptr %72, align 4
  %73 = getelementptr inbounds float, ptr %10, i64 %o
  store float %67, ptr %73, align 4
  %74 = getelementptr inbounds float, ptr %12, i64 %o
  store float %68, ptr %74, align 4
  %75 = getelementptr inbounds float, ptr %14, i64 %o
  store float %71, ptr %75, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %76 = add i64 %o, 1
  %77 = icmp slt i64 %76, %1
  br i1 %77, label %output, label %exit

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
