; ModuleID = 'sinter_k_96f3d6b8a5c66016'
source_filename = "sinter_k_96f3d6b8a5c66016"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias %4, i64 %5) #0 {
entry:
  %arg_block = alloca float, i64 512, align 4
  %6 = getelementptr inbounds i8, ptr %4, i64 0
  %7 = load float, ptr %6, align 4
  %8 = getelementptr inbounds i8, ptr %4, i64 8
  %9 = load i64, ptr %8, align 8
  %10 = icmp slt i64 %0, %1
  br i1 %10, label %block, label %exit

block:                                            ; preds = %arg_merged, %entry
  %first = phi i64 [ %0, %entry ], [ %12, %arg_merged ]
  %acc = phi float [ %7, %entry ], [ %arg.value, %arg_merged ]
  %acc.position = phi i64 [ %9, %entry ], [ %arg.position, %arg_merged ]
  %11 = add i64 %first, 512
  %12 = call i64 @llvm.smin.i64(i64 %1, i64 %11)
  br label %element

element:                                          ; preds = %element, %block
  %i = phi i64 [ %first, %block ], [ %i.next, %element ]
  %acc1 = phi float [ 0xFFF0000000000000, %block ], [ %18, %element ]
  %13 = getelementptr inbounds float, ptr %2, i64 %i
  %14 = load float, ptr %13, align 4
  %15 = sub i64 %i, %5
  %16 = sub i64 %i, %first
  %17 = getelementptr inbounds float, ptr %arg_block, i64 %16
  store float %14, ptr %17, align 4
  %18 = call float @llvm.maximum.f32(float %acc1, float %14)
  %i.next = add nuw nsw i64 %i, 1
  %19 = icmp slt i64 %i.next, %12
  br i1 %19, label %element, label %block_done, !llvm.loop !0

block_done:                                       ; preds = %element
  %20 = fcmp uno float %acc, %acc
  %21 = fcmp uno float %18, %18
  %22 = fcmp ogt float %18, %acc
  %23 = xor i1 %20, true
  %24 = and i1 %23, %22
  %25 = xor i1 %20, true
  %26 = and i1 %21, %25
  %27 = or i1 %26, %24
  %28 = icmp slt i64 %acc.position, 0
  %29 = or i1 %28, %27
  br i1 %29, label %arg_scan, label %arg_merged

exit:                                             ; preds = %arg_merged, %entry
  %30 = phi float [ %7, %entry ], [ %arg.value, %arg_merged ]
  %31 = phi i64 [ %9, %entry ], [ %arg.position, %arg_merged ]
  %32 = getelementptr inbounds i8, ptr %4, i64 0
  store float %30, ptr %32, align 4
  %33 = getelementptr inbounds i8, ptr %4, i64 8
  store i64 %31, ptr %33, align 8
  ret void

arg_scan:                                         ; preds = %arg_scan, %block_done
  %j = phi i64 [ 0, %block_done ], [ %41, %arg_scan ]
  %34 = getelementptr inbounds float, ptr %arg_block, i64 %j
  %35 = load float, ptr %34, align 4
  %36 = fcmp uno float %18, %18
  %37 = fcmp uno float %35, %35
  %38 = and i1 %37, %36
  %39 = fcmp oeq float %35, %18
  %40 = or i1 %39, %38
  %41 = add i64 %j, 1
  %42 = sub i64 %12, %first
  %43 = icmp sge i64 %41, %42
  %44 = or i1 %40, %43
  br i1 %44, label %arg_found, label %arg_scan

arg_found:                                        ; preds = %arg_scan
  %45 = add i64 %first, %j
  %46 = sub i64 %45, %5
  br label %arg_merged

arg_merged:                                       ; preds = %arg_found, %block_done
  %arg.value = phi float [ %acc, %block_done ], [ %35, %arg_found ]
  %arg.position = phi i64 [ %acc.position, %block_done ], [ %46, %arg_found ]
  %47 = icmp slt i64 %12, %1
  br i1 %47, label %block, label %exit
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.maximum.f32(float, float) #1

; Function Attrs: nounwind
define void @sinter_k_96f3d6b8a5c66016(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #2 {
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
  %o = phi i64 [ %0, %entry ], [ %67, %next_output ]
  %23 = sub i64 %o, %0
  %24 = getelementptr inbounds i8, ptr %acc, i64 0
  store float 0xFFF0000000000000, ptr %24, align 4
  %25 = getelementptr inbounds i8, ptr %acc, i64 8
  store i64 -1, ptr %25, align 8
  %26 = icmp eq i64 %18, 2
  br i1 %26, label %combine, label %run

run:                                              ; preds = %output
  %27 = mul i64 %o, %10
  %28 = add i64 %27, %12
  %29 = add i64 %27, %14
  call void @body(i64 %28, i64 %29, ptr %6, ptr %8, ptr %acc, i64 %27)
  br label %after_run

combine:                                          ; preds = %output
  %30 = icmp sgt i64 %20, 0
  br i1 %30, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %57, %combine_part ]
  %31 = mul i64 %part, %21
  %32 = add i64 %31, %23
  %33 = mul i64 %32, 16
  %34 = getelementptr inbounds i8, ptr %16, i64 %33
  %35 = getelementptr inbounds i8, ptr %acc, i64 0
  %36 = load float, ptr %35, align 4
  %37 = getelementptr inbounds i8, ptr %acc, i64 8
  %38 = load i64, ptr %37, align 8
  %39 = getelementptr inbounds i8, ptr %34, i64 0
  %40 = load float, ptr %39, align 4
  %41 = getelementptr inbounds i8, ptr %34, i64 8
  %42 = load i64, ptr %41, align 8
  %43 = fcmp uno float %36, %36
  %44 = fcmp uno float %40, %40
  %45 = fcmp ogt float %40, %36
  %46 = xor i1 %43, true
  %47 = and i1 %46, %45
  %48 = xor i1 %43, true
  %49 = and i1 %44, %48
  %50 = or i1 %49, %47
  %51 = icmp slt i64 %38, 0
  %52 = or i1 %51, %50
  %53 = select i1 %52, float %40, float %36
  %54 = select i1 %52, i64 %42, i64 %38
  %55 = getelementptr inbounds i8, ptr %acc, i64 0
  store float %53, ptr %55, align 4
  %56 = getelementptr inbounds i8, ptr %acc, i64 8
  store i64 %54, ptr %56, align 8
  %57 = add i64 %part, 1
  %58 = icmp slt i64 %57, %20
  br i1 %58, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %59 = icmp eq i64 %18, 1
  br i1 %59, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %60 = mul i64 %23, 16
  %61 = getelementptr inbounds i8, ptr %16, i64 %60
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %61, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %62 = getelementptr inbounds i8, ptr %acc, i64 0
  %63 = load float, ptr %62, align 4
  %64 = getelementptr inbounds i8, ptr %acc, i64 8
  %65 = load i64, ptr %64, align 8
  %66 = getelementptr inbounds i64, ptr %8, i64 %o
  store i64 %65, ptr %66, align 8
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %67 = add i64 %o, 1
  %68 = icmp slt i64 %67, %1
  br i1 %68, label %output, label %exit

exit:                                             ; preds = %next_output, %entry
  ret void
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #3

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0}
