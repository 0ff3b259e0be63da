; ModuleID = 'sinter_k_02e5bcec22dd002c'
source_filename = "sinter_k_02e5bcec22dd002c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @columns(i64 %0, i64 %1, i64 %2, i64 %3, ptr noalias nocapture %4, ptr noalias nocapture %5, i64 %6, i64 %7, i64 %8, i64 %9, ptr noalias nocapture %10) #0 {
entry:
  %11 = mul i64 1, %7
  %12 = icmp slt i64 %0, %1
  br i1 %12, label %start, label %exit

start:                                            ; preds = %entry
  %13 = add i64 %2, 4
  %14 = icmp sle i64 %13, %3
  br i1 %14, label %row4, label %rows_done4

exit:                                             ; preds = %rows_done1, %entry
  ret void

row4:                                             ; preds = %row_done4, %start
  %r = phi i64 [ %2, %start ], [ %63, %row_done4 ]
  %15 = mul i64 %r, %9
  %16 = add i64 0, %15
  %17 = add i64 %r, 1
  %18 = mul i64 %17, %9
  %19 = add i64 0, %18
  %20 = add i64 %r, 2
  %21 = mul i64 %20, %9
  %22 = add i64 0, %21
  %23 = add i64 %r, 3
  %24 = mul i64 %23, %9
  %25 = add i64 0, %24
  br label %inner4

inner4:                                           ; preds = %inner4, %row4
  %o = phi i64 [ %0, %row4 ], [ %o.next, %inner4 ]
  %26 = mul i64 %o, %8
  %27 = add i64 %16, %26
  %28 = mul i64 %o, %11
  %29 = add i64 %28, %r
  %30 = getelementptr inbounds float, ptr %4, i64 %27
  %31 = load float, ptr %30, align 4
  %32 = mul i64 %o, %8
  %33 = add i64 %19, %32
  %34 = mul i64 %o, %11
  %35 = add i64 %34, %17
  %36 = getelementptr inbounds float, ptr %4, i64 %33
  %37 = load float, ptr %36, align 4
  %38 = mul i64 %o, %8
  %39 = add i64 %22, %38
  %40 = mul i64 %o, %11
  %41 = add i64 %40, %20
  %42 = getelementptr inbounds float, ptr %4, i64 %39
  %43 = load float, ptr %42, align 4
  %44 = mul i64 %o, %8
  %45 = add i64 %25, %44
  %46 = mul i64 %o, %11
  %47 = add i64 %46, %23
  %48 = getelementptr inbounds float, ptr %4, i64 %45
  %49 = load float, ptr %48, align 4
  %50 = sub i64 %o, %0
  %51 = getelementptr inbounds i8, ptr %10, i64 0
  %52 = getelementptr inbounds double, ptr %51, i64 %50
  %53 = load double, ptr %52, align 8
  %54 = fpext float %31 to double
  %55 = fadd reassoc double %53, %54
  %56 = fpext float %37 to double
  %57 = fadd reassoc double %55, %56
  %58 = fpext float %43 to double
  %59 = fadd reassoc double %57, %58
  %60 = fpext float %49 to double
  %61 = fadd reassoc double %59, %60
  store double %61, ptr %52, align 8
  %o.next = add nuw nsw i64 %o, 1
  %62 = icmp slt i64 %o.next, %1
  br i1 %62, label %inner4, label %row_done4, !llvm.loop !0

row_done4:                                        ; preds = %inner4
  %63 = add i64 %r, 4
  %64 = add i64 %63, 4
  %65 = icmp sle i64 %64, %3
  br i1 %65, label %row4, label %rows_done4

rows_done4:                                       ; preds = %row_done4, %start
  %r.stop4 = phi i64 [ %2, %start ], [ %63, %row_done4 ]
  %66 = add i64 %r.stop4, 1
  %67 = icmp sle i64 %66, %3
  br i1 %67, label %row1, label %rows_done1

row1:                                             ; preds = %row_done1, %rows_done4
  %r1 = phi i64 [ %r.stop4, %rows_done4 ], [ %83, %row_done1 ]
  %68 = mul i64 %r1, %9
  %69 = add i64 0, %68
  br label %inner1

inner1:                                           ; preds = %inner1, %row1
  %o2 = phi i64 [ %0, %row1 ], [ %o.next3, %inner1 ]
  %70 = mul i64 %o2, %8
  %71 = add i64 %69, %70
  %72 = mul i64 %o2, %11
  %73 = add i64 %72, %r1
  %74 = getelementptr inbounds float, ptr %4, i64 %71
  %75 = load float, ptr %74, align 4
  %76 = sub i64 %o2, %0
  %77 = getelementptr inbounds i8, ptr %10, i64 0
  %78 = getelementptr inbounds double, ptr %77, i64 %76
  %79 = load double, ptr %78, align 8
  %80 = fpext float %75 to double
  %81 = fadd reassoc double %79, %80
  store double %81, ptr %78, align 8
  %o.next3 = add nuw nsw i64 %o2, 1
  %82 = icmp slt i64 %o.next3, %1
  br i1 %82, label %inner1, label %row_done1, !llvm.loop !2

row_done1:                                        ; preds = %inner1
  %83 = add i64 %r1, 1
  %84 = add i64 %83, 1
  %85 = icmp sle i64 %84, %3
  br i1 %85, label %row1, label %rows_done1

rows_done1:                                       ; preds = %row_done1, %rows_done4
  %r.stop1 = phi i64 [ %r.stop4, %rows_done4 ], [ %83, %row_done1 ]
  br label %exit
}

; Function Attrs: nounwind
define void @sinter_k_02e5bcec22dd002c(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #1 {
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
  %acc = alloca [16 x i8], align 16
  %column_block = alloca [131072 x i8], align 32
  %29 = sub i64 %1, %0
  %30 = icmp slt i64 %0, %1
  br i1 %30, label %output, label %exit

output:                                           ; preds = %next_output, %entry
  %o = phi i64 [ %0, %entry ], [ %57, %next_output ]
  %31 = sub i64 %o, %0
  %32 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %32, align 8
  %33 = icmp eq i64 %26, 2
  br i1 %33, label %combine, label %run

run:                                              ; preds = %output
  %34 = sub i64 %o, %0
  %35 = urem i64 %34, 8192
  %36 = icmp eq i64 %35, 0
  br i1 %36, label %column_block1, label %column_block_done

combine:                                          ; preds = %output
  %37 = icmp sgt i64 %28, 0
  br i1 %37, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %48, %combine_part ]
  %38 = mul i64 %part, %29
  %39 = add i64 %38, %31
  %40 = mul i64 %39, 16
  %41 = getelementptr inbounds i8, ptr %24, i64 %40
  %42 = getelementptr inbounds i8, ptr %acc, i64 0
  %43 = load double, ptr %42, align 8
  %44 = getelementptr inbounds i8, ptr %41, i64 0
  %45 = load double, ptr %44, align 8
  %46 = fadd reassoc double %43, %45
  %47 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %46, ptr %47, align 8
  %48 = add i64 %part, 1
  %49 = icmp slt i64 %48, %28
  br i1 %49, label %combine_part, label %finish

after_run:                                        ; preds = %column_block_done
  %50 = icmp eq i64 %26, 1
  br i1 %50, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %51 = mul i64 %31, 16
  %52 = getelementptr inbounds i8, ptr %24, i64 %51
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %52, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %53 = getelementptr inbounds i8, ptr %acc, i64 0
  %54 = load double, ptr %53, align 8
  %55 = fptrunc double %54 to float
  %56 = getelementptr inbounds float, ptr %8, i64 %o
  store float %55, ptr %56, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %57 = add i64 %o, 1
  %58 = icmp slt i64 %57, %1
  br i1 %58, label %output, label %exit

exit:                                             ; preds = %next_output, %entry
  ret void

column_block1:                                    ; preds = %run
  %59 = add i64 %o, 8192
  %60 = call i64 @llvm.smin.i64(i64 %1, i64 %59)
  %61 = sub i64 %60, %o
  br label %column_init

column_block_done:                                ; preds = %column_init_done, %run
  %62 = urem i64 %31, 8192
  %63 = getelementptr inbounds i8, ptr %column_block, i64 0
  %64 = getelementptr inbounds double, ptr %63, i64 %62
  %65 = load double, ptr %64, align 8
  %66 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %65, ptr %66, align 8
  br label %after_run

column_init:                                      ; preds = %column_init, %column_block1
  %j = phi i64 [ 0, %column_block1 ], [ %69, %column_init ]
  %67 = getelementptr inbounds i8, ptr %column_block, i64 0
  %68 = getelementptr inbounds double, ptr %67, i64 %j
  store double 0.000000e+00, ptr %68, align 8
  %69 = add i64 %j, 1
  %70 = icmp slt i64 %69, %61
  br i1 %70, label %column_init, label %column_init_done

column_init_done:                                 ; preds = %column_init
  call void @columns(i64 %o, i64 %60, i64 %20, i64 %22, ptr %6, ptr %8, i64 %10, i64 %12, i64 %14, i64 %16, ptr %column_block)
  br label %column_block_done
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #2

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #3

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nounwind }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
!2 = distinct !{!2, !1}
