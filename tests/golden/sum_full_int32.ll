; ModuleID = 'sinter_k_c2c01e5ab77753a0'
source_filename = "sinter_k_c2c01e5ab77753a0"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias %4, i64 %5) #0 {
entry:
  %6 = getelementptr inbounds i8, ptr %4, i64 0
  %7 = load i64, ptr %6, align 8
  %8 = icmp slt i64 %0, %1
  br i1 %8, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %acc = phi i64 [ %7, %entry ], [ %13, %loop ]
  %9 = getelementptr inbounds i32, ptr %2, i64 %i
  %10 = load i32, ptr %9, align 4
  %11 = sext i32 %10 to i64
  %12 = sub i64 %i, %5
  %13 = add i64 %acc, %11
  %i.next = add nuw nsw i64 %i, 1
  %14 = icmp slt i64 %i.next, %1
  br i1 %14, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  %15 = phi i64 [ %7, %entry ], [ %13, %loop ]
  %16 = getelementptr inbounds i8, ptr %4, i64 0
  store i64 %15, ptr %16, align 8
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
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %20, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %9 = mul i64 %o, 2
  %i = add i64 %9, 0
  %10 = getelementptr inbounds i32, ptr %3, i64 %i
  %11 = load i32, ptr %10, align 4
  %12 = sext i32 %11 to i64
  %13 = add i64 0, %12
  %14 = mul i64 %o, 2
  %i2 = add i64 %14, 1
  %15 = getelementptr inbounds i32, ptr %3, i64 %i2
  %16 = load i32, ptr %15, align 4
  %17 = sext i32 %16 to i64
  %18 = add i64 %13, %17
  %19 = getelementptr inbounds i64, ptr %4, i64 %o
  store i64 %18, ptr %19, align 8
  %20 = add nuw nsw i64 %short_unrolled1, 1
  %21 = icmp slt i64 %20, %stop
  br i1 %21, label %short_unrolled, label %short_unrolled_done, !llvm.loop !1

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %22 = add i64 %first, %1
  store i64 %22, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  br label %done

short_3:                                          ; preds = %walk
  %23 = sub i64 %0, %0
  store i64 %23, ptr %short_row_first3, align 8
  store i64 %0, ptr %short_column4, align 8
  br label %short_row5

short_row5:                                       ; preds = %short_3
  %first6 = load i64, ptr %short_row_first3, align 8
  %k07 = load i64, ptr %short_column4, align 8
  %24 = sub i64 %1, %first6
  %stop8 = call i64 @llvm.smin.i64(i64 %1, i64 %24)
  %25 = icmp slt i64 %k07, %stop8
  br i1 %25, label %short_unrolled9, label %short_unrolled_done10

short_unrolled9:                                  ; preds = %short_unrolled9, %short_row5
  %short_unrolled11 = phi i64 [ %k07, %short_row5 ], [ %42, %short_unrolled9 ]
  %o12 = add i64 %first6, %short_unrolled11
  %26 = mul i64 %o12, 3
  %i13 = add i64 %26, 0
  %27 = getelementptr inbounds i32, ptr %3, i64 %i13
  %28 = load i32, ptr %27, align 4
  %29 = sext i32 %28 to i64
  %30 = add i64 0, %29
  %31 = mul i64 %o12, 3
  %i14 = add i64 %31, 1
  %32 = getelementptr inbounds i32, ptr %3, i64 %i14
  %33 = load i32, ptr %32, align 4
  %34 = sext i32 %33 to i64
  %35 = add i64 %30, %34
  %36 = mul i64 %o12, 3
  %i15 = add i64 %36, 2
  %37 = getelementptr inbounds i32, ptr %3, i64 %i15
  %38 = load i32, ptr %37, align 4
  %39 = sext i32 %38 to i64
  %40 = add i64 %35, %39
  %41 = getelementptr inbounds i64, ptr %4, i64 %o12
  store i64 %40, ptr %41, align 8
  %42 = add nuw nsw i64 %short_unrolled11, 1
  %43 = icmp slt i64 %42, %stop8
  br i1 %43, label %short_unrolled9, label %short_unrolled_done10, !llvm.loop !3

short_unrolled_done10:                            ; preds = %short_unrolled9, %short_row5
  %44 = add i64 %first6, %1
  store i64 %44, ptr %short_row_first3, align 8
  store i64 0, ptr %short_column4, align 8
  br label %done

short_4:                                          ; preds = %walk
  %45 = sub i64 %0, %0
  store i64 %45, ptr %short_row_first16, align 8
  store i64 %0, ptr %short_column17, align 8
  br label %short_row18

short_row18:                                      ; preds = %short_4
  %first19 = load i64, ptr %short_row_first16, align 8
  %k020 = load i64, ptr %short_column17, align 8
  %46 = sub i64 %1, %first19
  %stop21 = call i64 @llvm.smin.i64(i64 %1, i64 %46)
  %47 = icmp slt i64 %k020, %stop21
  br i1 %47, label %short_unrolled22, label %short_unrolled_done23

short_unrolled22:                                 ; preds = %short_unrolled22, %short_row18
  %short_unrolled24 = phi i64 [ %k020, %short_row18 ], [ %69, %short_unrolled22 ]
  %o25 = add i64 %first19, %short_unrolled24
  %48 = mul i64 %o25, 4
  %i26 = add i64 %48, 0
  %49 = getelementptr inbounds i32, ptr %3, i64 %i26
  %50 = load i32, ptr %49, align 4
  %51 = sext i32 %50 to i64
  %52 = add i64 0, %51
  %53 = mul i64 %o25, 4
  %i27 = add i64 %53, 1
  %54 = getelementptr inbounds i32, ptr %3, i64 %i27
  %55 = load i32, ptr %54, align 4
  %56 = sext i32 %55 to i64
  %57 = add i64 %52, %56
  %58 = mul i64 %o25, 4
  %i28 = add i64 %58, 2
  %59 = getelementptr inbounds i32, ptr %3, i64 %i28
  %60 = load i32, ptr %59, align 4
  %61 = sext i32 %60 to i64
  %62 = add i64 %57, %61
  %63 = mul i64 %o25, 4
  %i29 = add i64 %63, 3
  %64 = getelementptr inbounds i32, ptr %3, i64 %i29
  %65 = load i32, ptr %64, align 4
  %66 = sext i32 %65 to i64
  %67 = add i64 %62, %66
  %68 = getelementptr inbounds i64, ptr %4, i64 %o25
  store i64 %67, ptr %68, align 8
  %69 = add nuw nsw i64 %short_unrolled24, 1
  %70 = icmp slt i64 %69, %stop21
  br i1 %70, label %short_unrolled22, label %short_unrolled_done23, !llvm.loop !4

short_unrolled_done23:                            ; preds = %short_unrolled22, %short_row18
  %71 = add i64 %first19, %1
  store i64 %71, ptr %short_row_first16, align 8
  store i64 0, ptr %short_column17, align 8
  br label %done

short_8:                                          ; preds = %walk
  %72 = sub i64 %0, %0
  store i64 %72, ptr %short_row_first30, align 8
  store i64 %0, ptr %short_column31, align 8
  br label %short_row32

short_row32:                                      ; preds = %short_8
  %first33 = load i64, ptr %short_row_first30, align 8
  %k034 = load i64, ptr %short_column31, align 8
  %73 = sub i64 %1, %first33
  %stop35 = call i64 @llvm.smin.i64(i64 %1, i64 %73)
  %74 = icmp slt i64 %k034, %stop35
  br i1 %74, label %short_unrolled36, label %short_unrolled_done37

short_unrolled36:                                 ; preds = %short_unrolled36, %short_row32
  %short_unrolled38 = phi i64 [ %k034, %short_row32 ], [ %116, %short_unrolled36 ]
  %o39 = add i64 %first33, %short_unrolled38
  %75 = mul i64 %o39, 8
  %i40 = add i64 %75, 0
  %76 = getelementptr inbounds i32, ptr %3, i64 %i40
  %77 = load i32, ptr %76, align 4
  %78 = sext i32 %77 to i64
  %79 = add i64 0, %78
  %80 = mul i64 %o39, 8
  %i41 = add i64 %80, 1
  %81 = getelementptr inbounds i32, ptr %3, i64 %i41
  %82 = load i32, ptr %81, align 4
  %83 = sext i32 %82 to i64
  %84 = add i64 %79, %83
  %85 = mul i64 %o39, 8
  %i42 = add i64 %85, 2
  %86 = getelementptr inbounds i32, ptr %3, i64 %i42
  %87 = load i32, ptr %86, align 4
  %88 = sext i32 %87 to i64
  %89 = add i64 %84, %88
  %90 = mul i64 %o39, 8
  %i43 = add i64 %90, 3
  %91 = getelementptr inbounds i32, ptr %3, i64 %i43
  %92 = load i32, ptr %91, align 4
  %93 = sext i32 %92 to i64
  %94 = add i64 %89, %93
  %95 = mul i64 %o39, 8
  %i44 = add i64 %95, 4
  %96 = getelementptr inbounds i32, ptr %3, i64 %i44
  %97 = load i32, ptr %96, align 4
  %98 = sext i32 %97 to i64
  %99 = add i64 %94, %98
  %100 = mul i64 %o39, 8
  %i45 = add i64 %100, 5
  %101 = getelementptr inbounds i32, ptr %3, i64 %i45
  %102 = load i32, ptr %101, align 4
  %103 = sext i32 %102 to i64
  %104 = add i64 %99, %103
  %105 = mul i64 %o39, 8
  %i46 = add i64 %105, 6
  %106 = getelementptr inbounds i32, ptr %3, i64 %i46
  %107 = load i32, ptr %106, align 4
  %108 = sext i32 %107 to i64
  %109 = add i64 %104, %108
  %110 = mul i64 %o39, 8
  %i47 = add i64 %110, 7
  %111 = getelementptr inbounds i32, ptr %3, i64 %i47
  %112 = load i32, ptr %111, align 4
  %113 = sext i32 %112 to i64
  %114 = add i64 %109, %113
  %115 = getelementptr inbounds i64, ptr %4, i64 %o39
  store i64 %114, ptr %115, align 8
  %116 = add nuw nsw i64 %short_unrolled38, 1
  %117 = icmp slt i64 %116, %stop35
  br i1 %117, label %short_unrolled36, label %short_unrolled_done37, !llvm.loop !5

short_unrolled_done37:                            ; preds = %short_unrolled36, %short_row32
  %118 = add i64 %first33, %1
  store i64 %118, ptr %short_row_first30, align 8
  store i64 0, ptr %short_column31, align 8
  br label %done
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #2

; Function Attrs: nounwind
define void @sinter_k_c2c01e5ab77753a0(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
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
  %o = phi i64 [ %0, %per_output ], [ %54, %next_output ]
  %29 = sub i64 %o, %0
  %30 = getelementptr inbounds i8, ptr %acc, i64 0
  store i64 0, ptr %30, align 8
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
  %41 = load i64, ptr %40, align 8
  %42 = getelementptr inbounds i8, ptr %39, i64 0
  %43 = load i64, ptr %42, align 8
  %44 = add i64 %41, %43
  %45 = getelementptr inbounds i8, ptr %acc, i64 0
  store i64 %44, ptr %45, align 8
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
  %52 = load i64, ptr %51, align 8
  %53 = getelementptr inbounds i64, ptr %8, i64 %o
  store i64 %52, ptr %53, align 8
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %54 = add i64 %o, 1
  %55 = icmp slt i64 %54, %1
  br i1 %55, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %56 = call i1 @short_walk(i64 %0, i64 %1, i64 %10, ptr %6, ptr %8)
  br i1 %56, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %57 = icmp slt i64 %0, %1
  br i1 %57, label %output, label %exit
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #4

attributes #0 = { alwaysinline nounwind }
attributes #1 = { noinline nounwind }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0}
!1 = distinct !{!1, !2}
!2 = !{!"llvm.loop.interleave.count", i32 1}
!3 = distinct !{!3, !2}
!4 = distinct !{!4, !2}
!5 = distinct !{!5, !2}
