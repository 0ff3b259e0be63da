; ModuleID = 'sinter_k_ca71fbf4f360e49a'
source_filename = "sinter_k_ca71fbf4f360e49a"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias %4, i64 %5) #0 {
entry:
  %6 = getelementptr inbounds i8, ptr %4, i64 0
  %7 = load double, ptr %6, align 8
  %8 = icmp slt i64 %0, %1
  br i1 %8, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ %7, %entry ], [ %13, %loop ]
  %9 = getelementptr inbounds float, ptr %2, i64 %i
  %10 = load float, ptr %9, align 4
  %11 = sub i64 %i, %5
  %12 = fpext float %10 to double
  %13 = fadd reassoc double %acc, %12
  %i.next = add nuw nsw i64 %i, 1
  %14 = icmp slt i64 %i.next, %1
  br i1 %14, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  %15 = phi double [ %7, %entry ], [ %13, %loop ]
  %16 = getelementptr inbounds i8, ptr %4, i64 0
  store double %15, ptr %16, align 8
  ret void
}

; Function Attrs: nounwind
define void @sinter_k_ca71fbf4f360e49a(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #1 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds i64, ptr %4, i64 0
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds i64, ptr %4, i64 1
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %4, i64 2
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %4, i64 3
  %16 = load ptr, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %4, i64 4
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 5
  %20 = load i64, ptr %19, align 8
  %acc = alloca [16 x i8], align 16
  %21 = sub i64 %1, %0
  %22 = icmp slt i64 %0, %1
  br i1 %22, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %49, %next_output ]
  %23 = sub i64 %o, %0
  %24 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %24, align 8
  %25 = icmp eq i64 %18, 2
  br i1 %25, label %combine, label %run

run:                                              ; preds = %output
  %26 = mul i64 %o, %10
  %27 = add i64 %26, %12
  %28 = add i64 %26, %14
  call void @body(i64 %27, i64 %28, ptr %6, ptr %8, ptr %acc, i64 %26)
  br label %after_run

combine:                                          ; preds = %output
  %29 = icmp sgt i64 %20, 0
  br i1 %29, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %40, %combine_part ]
  %30 = mul i64 %part, %21
  %31 = add i64 %30, %23
  %32 = mul i64 %31, 16
  %33 = getelementptr inbounds i8, ptr %16, i64 %32
  %34 = getelementptr inbounds i8, ptr %acc, i64 0
  %35 = load double, ptr %34, align 8
  %36 = getelementptr inbounds i8, ptr %33, i64 0
  %37 = load double, ptr %36, align 8
  %38 = fadd reassoc double %35, %37
  %39 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %38, ptr %39, align 8
  %40 = add i64 %part, 1
  %41 = icmp slt i64 %40, %20
  br i1 %41, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %42 = icmp eq i64 %18, 1
  br i1 %42, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %43 = mul i64 %23, 16
  %44 = getelementptr inbounds i8, ptr %16, i64 %43
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %44, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %45 = getelementptr inbounds i8, ptr %acc, i64 0
  %46 = load double, ptr %45, align 8
  %47 = fptrunc double %46 to float
  %48 = getelementptr inbounds float, ptr %8, i64 %o
  store float %47, ptr %48, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %49 = add i64 %o, 1
  %50 = icmp slt i64 %49, %1
  br i1 %50, label %output, label %exit

exit:                                             ; preds = %next_output, %entry
  ret void
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #2

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nounwind }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
