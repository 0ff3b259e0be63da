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

; Function Attrs: noinline nounwind
define internal i1 @short_walk(i64 %0, i64 %1, i64 %2, ptr noalias nocapture %3, ptr noalias nocapture %4) #1 {
entry:
  %short_row_first30 = alloca i64, align 8
  %short_column31 = alloca i64, align 8
  %short_row_first16 = alloca i64, align 8
  %short_column17 = alloca i64, align 8
  %short_row_first3 = alloca i64, align 8
  %short_column4 = alloca i64, align 8
  %short_row_first = alloca i64, align 8
  %short_column = alloca i64, align 8
  %5 = icmp slt i64 %0, %1
  br i1 %5, label %walk, label %done

done:                                             ; preds = %short_unrolled_done37, %short_unrolled_done23, %short_unrolled_done10, %short_unrolled_done, %entry
  ret i1 true

not_taken:                                        ; preds = %walk
  ret i1 false

walk:                                             ; preds = %entry
  switch i64 %2, label %not_taken [
    i64 2, label %short_2
    i64 3, label %short_3
    i64 4, label %short_4
    i64 8, label %short_8
  ]

short_2:                                          ; preds = %walk
  %6 = sub i64 %0, %0
  store i64 %6, ptr %short_row_first, align 8
  store i64 %0, ptr %short_column, align 8
  br label %short_row

short_row:                                        ; preds = %short_2
  %first = load i64, ptr %short_row_first, align 8
  %k0 = load i64, ptr %short_column, align 8
  %7 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %1, i64 %7)
  %8 = icmp slt i64 %k0, %stop
  br i1 %8, label %short_unrolled, label %short_unrolled_done

short_unrolled:                                   ; preds = %short_unrolled, %short_row
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %21, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %9 = mul i64 %o, 2
  %i = add i64 %9, 0
  %10 = getelementptr inbounds float, ptr %3, i64 %i
  %11 = load float, ptr %10, align 4
  %12 = fpext float %11 to double
  %13 = fadd reassoc double 0.000000e+00, %12
  %14 = mul i64 %o, 2
  %i2 = add i64 %14, 1
  %15 = getelementptr inbounds float, ptr %3, i64 %i2
  %16 = load float, ptr %15, align 4
  %17 = fpext float %16 to double
  %18 = fadd reassoc double %13, %17
  %19 = fptrunc double %18 to float
  %20 = getelementptr inbounds float, ptr %4, i64 %o
  store float %19, ptr %20, align 4
  %21 = add nuw nsw i64 %short_unrolled1, 1
  %22 = icmp slt i64 %21, %stop
  br i1 %22, label %short_unrolled, label %short_unrolled_done, !llvm.loop !2

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %23 = add i64 %first, %1
  store i64 %23, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  br label %done

short_3:                                          ; preds = %walk
  %24 = sub i64 %0, %0
  store i64 %24, ptr %short_row_first3, align 8
  store i64 %0, ptr %short_column4, align 8
  br label %short_row5

short_row5:                                       ; preds = %short_3
  %first6 = load i64, ptr %short_row_first3, align 8
  %k07 = load i64, ptr %short_column4, align 8
  %25 = sub i64 %1, %first6
  %stop8 = call i64 @llvm.smin.i64(i64 %1, i64 %25)
  %26 = icmp slt i64 %k07, %stop8
  br i1 %26, label %short_unrolled9, label %short_unrolled_done10

short_unrolled9:                                  ; preds = %short_unrolled9, %short_row5
  %short_unrolled11 = phi i64 [ %k07, %short_row5 ], [ %44, %short_unrolled9 ]
  %o12 = add i64 %first6, %short_unrolled11
  %27 = mul i64 %o12, 3
  %i13 = add i64 %27, 0
  %28 = getelementptr inbounds float, ptr %3, i64 %i13
  %29 = load float, ptr %28, align 4
  %30 = fpext float %29 to double
  %31 = fadd reassoc double 0.000000e+00, %30
  %32 = mul i64 %o12, 3
  %i14 = add i64 %32, 1
  %33 = getelementptr inbounds float, ptr %3, i64 %i14
  %34 = load float, ptr %33, align 4
  %35 = fpext float %34 to double
  %36 = fadd reassoc double %31, %35
  %37 = mul i64 %o12, 3
  %i15 = add i64 %37, 2
  %38 = getelementptr inbounds float, ptr %3, i64 %i15
  %39 = load float, ptr %38, align 4
  %40 = fpext float %39 to double
  %41 = fadd reassoc double %36, %40
  %42 = fptrunc double %41 to float
  %43 = getelementptr inbounds float, ptr %4, i64 %o12
  store float %42, ptr %43, align 4
  %44 = add nuw nsw i64 %short_unrolled11, 1
  %45 = icmp slt i64 %44, %stop8
  br i1 %45, label %short_unrolled9, label %short_unrolled_done10, !llvm.loop !4

short_unrolled_done10:                            ; preds = %short_unrolled9, %short_row5
  %46 = add i64 %first6, %1
  store i64 %46, ptr %short_row_first3, align 8
  store i64 0, ptr %short_column4, align 8
  br label %done

short_4:                                          ; preds = %walk
  %47 = sub i64 %0, %0
  store i64 %47, ptr %short_row_first16, align 8
  store i64 %0, ptr %short_column17, align 8
  br label %short_row18

short_row18:                                      ; preds = %short_4
  %first19 = load i64, ptr %short_row_first16, align 8
  %k020 = load i64, ptr %short_column17, align 8
  %48 = sub i64 %1, %first19
  %stop21 = call i64 @llvm.smin.i64(i64 %1, i64 %48)
  %49 = icmp slt i64 %k020, %stop21
  br i1 %49, label %short_unrolled22, label %short_unrolled_done23

short_unrolled22:                                 ; preds = %short_unrolled22, %short_row18
  %short_unrolled24 = phi i64 [ %k020, %short_row18 ], [ %72, %short_unrolled22 ]
  %o25 = add i64 %first19, %short_unrolled24
  %50 = mul i64 %o25, 4
  %i26 = add i64 %50, 0
  %51 = getelementptr inbounds float, ptr %3, i64 %i26
  %52 = load float, ptr %51, align 4
  %53 = fpext float %52 to double
  %54 = fadd reassoc double 0.000000e+00, %53
  %55 = mul i64 %o25, 4
  %i27 = add i64 %55, 1
  %56 = getelementptr inbounds float, ptr %3, i64 %i27
  %57 = load float, ptr %56, align 4
  %58 = fpext float %57 to double
  %59 = fadd reassoc double %54, %58
  %60 = mul i64 %o25, 4
  %i28 = add i64 %60, 2
  %61 = getelementptr inbounds float, ptr %3, i64 %i28
  %62 = load float, ptr %61, align 4
  %63 = fpext float %62 to double
  %64 = fadd reassoc double %59, %63
  %65 = mul i64 %o25, 4
  %i29 = add i64 %65, 3
  %66 = getelementptr inbounds float, ptr %3, i64 %i29
  %67 = load float, ptr %66, align 4
  %68 = fpext float %67 to double
  %69 = fadd reassoc double %64, %68
  %70 = fptrunc double %69 to float
  %71 = getelementptr inbounds float, ptr %4, i64 %o25
  store float %70, ptr %71, align 4
  %72 = add nuw nsw i64 %short_unrolled24, 1
  %73 = icmp slt i64 %72, %stop21
  br i1 %73, label %short_unrolled22, label %short_unrolled_done23, !llvm.loop !5

short_unrolled_done23:                            ; preds = %short_unrolled22, %short_row18
  %74 = add i64 %first19, %1
  store i64 %74, ptr %short_row_first16, align 8
  store i64 0, ptr %short_column17, align 8
  br label %done

short_8:                                          ; preds = %walk
  %75 = sub i64 %0, %0
  store i64 %75, ptr %short_row_first30, align 8
  store i64 %0, ptr %short_column31, align 8
  br label %short_row32

short_row32:                                      ; preds = %short_8
  %first33 = load i64, ptr %short_row_first30, align 8
  %k034 = load i64, ptr %short_column31, align 8
  %76 = sub i64 %1, %first33
  %stop35 = call i64 @llvm.smin.i64(i64 %1, i64 %76)
  %77 = icmp slt i64 %k034, %stop35
  br i1 %77, label %short_unrolled36, label %short_unrolled_done37

short_unrolled36:                                 ; preds = %short_unrolled36, %short_row32
  %short_unrolled38 = phi i64 [ %k034, %short_row32 ], [ %120, %short_unrolled36 ]
  %o39 = add i64 %first33, %short_unrolled38
  %78 = mul i64 %o39, 8
  %i40 = add i64 %78, 0
  %79 = getelementptr inbounds float, ptr %3, i64 %i40
  %80 = load float, ptr %79, align 4
  %81 = fpext float %80 to double
  %82 = fadd reassoc double 0.000000e+00, %81
  %83 = mul i64 %o39, 8
  %i41 = add i64 %83, 1
  %84 = getelementptr inbounds float, ptr %3, i64 %i41
  %85 = load float, ptr %84, align 4
  %86 = fpext float %85 to double
  %87 = fadd reassoc double %82, %86
  %88 = mul i64 %o39, 8
  %i42 = add i64 %88, 2
  %89 = getelementptr inbounds float, ptr %3, i64 %i42
  %90 = load float, ptr %89, align 4
  %91 = fpext float %90 to double
  %92 = fadd reassoc double %87, %91
  %93 = mul i64 %o39, 8
  %i43 = add i64 %93, 3
  %94 = getelementptr inbounds float, ptr %3, i64 %i43
  %95 = load float, ptr %94, align 4
  %96 = fpext float %95 to double
  %97 = fadd reassoc double %92, %96
  %98 = mul i64 %o39, 8
  %i44 = add i64 %98, 4
  %99 = getelementptr inbounds float, ptr %3, i64 %i44
  %100 = load float, ptr %99, align 4
  %101 = fpext float %100 to double
  %102 = fadd reassoc double %97, %101
  %103 = mul i64 %o39, 8
  %i45 = add i64 %103, 5
  %104 = getelementptr inbounds float, ptr %3, i64 %i45
  %105 = load float, ptr %104, align 4
  %106 = fpext float %105 to double
  %107 = fadd reassoc double %102, %106
  %108 = mul i64 %o39, 8
  %i46 = add i64 %108, 6
  %109 = getelementptr inbounds float, ptr %3, i64 %i46
  %110 = load float, ptr %109, align 4
  %111 = fpext float %110 to double
  %112 = fadd reassoc double %107, %111
  %113 = mul i64 %o39, 8
  %i47 = add i64 %113, 7
  %114 = getelementptr inbounds float, ptr %3, i64 %i47
  %115 = load float, ptr %114, align 4
  %116 = fpext float %115 to double
  %117 = fadd reassoc double %112, %116
  %118 = fptrunc double %117 to float
  %119 = getelementptr inbounds float, ptr %4, i64 %o39
  store float %118, ptr %119, align 4
  %120 = add nuw nsw i64 %short_unrolled38, 1
  %121 = icmp slt i64 %120, %stop35
  br i1 %121, label %short_unrolled36, label %short_unrolled_done37, !llvm.loop !6

short_unrolled_done37:                            ; preds = %short_unrolled36, %short_row32
  %122 = add i64 %first33, %1
  store i64 %122, ptr %short_row_first30, align 8
  store i64 0, ptr %short_column31, align 8
  br label %done
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #2

; Function Attrs: nounwind
define void @sinter_k_ca71fbf4f360e49a(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
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
  %22 = icmp eq i64 %14, %10
  %23 = icmp eq i64 %12, 0
  %24 = and i1 %23, %22
  %25 = icmp sle i64 %10, 8
  %26 = icmp eq i64 %18, 0
  %27 = and i1 %26, %24
  %28 = and i1 %27, %25
  br i1 %28, label %short_walk, label %per_output

output:                                           ; preds = %next_output, %per_output
  %o = phi i64 [ %0, %per_output ], [ %55, %next_output ]
  %29 = sub i64 %o, %0
  %30 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %30, align 8
  %31 = icmp eq i64 %18, 2
  br i1 %31, label %combine, label %run

run:                                              ; preds = %output
  %32 = mul i64 %o, %10
  %33 = add i64 %32, %12
  %34 = add i64 %32, %14
  call void @body(i64 %33, i64 %34, ptr %6, ptr %8, ptr %acc, i64 %32)
  br label %after_run

combine:                                          ; preds = %output
  %35 = icmp sgt i64 %20, 0
  br i1 %35, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %46, %combine_part ]
  %36 = mul i64 %part, %21
  %37 = add i64 %36, %29
  %38 = mul i64 %37, 16
  %39 = getelementptr inbounds i8, ptr %16, i64 %38
  %40 = getelementptr inbounds i8, ptr %acc, i64 0
  %41 = load double, ptr %40, align 8
  %42 = getelementptr inbounds i8, ptr %39, i64 0
  %43 = load double, ptr %42, align 8
  %44 = fadd reassoc double %41, %43
  %45 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %44, ptr %45, align 8
  %46 = add i64 %part, 1
  %47 = icmp slt i64 %46, %20
  br i1 %47, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %48 = icmp eq i64 %18, 1
  br i1 %48, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %49 = mul i64 %29, 16
  %50 = getelementptr inbounds i8, ptr %16, i64 %49
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %50, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %51 = getelementptr inbounds i8, ptr %acc, i64 0
  %52 = load double, ptr %51, align 8
  %53 = fptrunc double %52 to float
  %54 = getelementptr inbounds float, ptr %8, i64 %o
  store float %53, ptr %54, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %55 = add i64 %o, 1
  %56 = icmp slt i64 %55, %1
  br i1 %56, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %57 = call i1 @short_walk(i64 %0, i64 %1, i64 %10, ptr %6, ptr %8)
  br i1 %57, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %58 = icmp slt i64 %0, %1
  br i1 %58, label %output, label %exit
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #4

attributes #0 = { alwaysinline nounwind }
attributes #1 = { noinline nounwind }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
!2 = distinct !{!2, !3, !1}
!3 = !{!"llvm.loop.interleave.count", i32 1}
!4 = distinct !{!4, !3, !1}
!5 = distinct !{!5, !3, !1}
!6 = distinct !{!6, !3, !1}
