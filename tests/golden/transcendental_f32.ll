; ModuleID = 'sinter_k_2961637f7fa90949'
source_filename = "sinter_k_2961637f7fa90949"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal i1 @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4) #0 {
entry:
  %5 = icmp slt i64 %0, %1
  br i1 %5, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %huge = phi i1 [ false, %entry ], [ %74, %loop ]
  %6 = getelementptr inbounds float, ptr %2, i64 %i
  %7 = load float, ptr %6, align 4
  %8 = fneg float %7
  %9 = fmul float %8, %7
  %10 = fcmp uno float %9, %9
  %11 = fcmp ogt float %9, 8.900000e+01
  %12 = select i1 %11, float 8.900000e+01, float %9
  %13 = fcmp olt float %12, -1.040000e+02
  %14 = select i1 %13, float -1.040000e+02, float %12
  %15 = select i1 %10, float 0.000000e+00, float %14
  %16 = fmul float %15, 0x3FF7154760000000
  %17 = call float @llvm.roundeven.f32(float %16)
  %18 = call float @llvm.fma.f32(float %17, float 0xBFE62E4300000000, float %15)
  %19 = call float @llvm.fma.f32(float %17, float 0x3E205C6100000000, float %18)
  %20 = call float @llvm.fma.f32(float 0x3F2A0D2CE0000000, float %19, float 0x3F56E879C0000000)
  %21 = call float @llvm.fma.f32(float %20, float %19, float 0x3F81112100000000)
  %22 = call float @llvm.fma.f32(float %21, float %19, float 0x3FA5553820000000)
  %23 = call float @llvm.fma.f32(float %22, float %19, float 0x3FC5555540000000)
  %24 = call float @llvm.fma.f32(float %23, float %19, float 5.000000e-01)
  %25 = fmul float %19, %19
  %26 = call float @llvm.fma.f32(float %24, float %25, float %19)
  %27 = fadd float %26, 1.000000e+00
  %28 = fptosi float %17 to i32
  %29 = ashr i32 %28, 1
  %30 = sub i32 %28, %29
  %31 = add i32 %30, 127
  %32 = shl i32 %31, 23
  %33 = bitcast i32 %32 to float
  %34 = add i32 %29, 127
  %35 = shl i32 %34, 23
  %36 = bitcast i32 %35 to float
  %37 = fmul float %27, %36
  %38 = fmul float %37, %33
  %39 = select i1 %10, float %9, float %38
  %40 = getelementptr inbounds float, ptr %3, i64 %i
  %41 = load float, ptr %40, align 4
  %42 = call float @llvm.fabs.f32(float %41)
  %43 = fcmp ogt float %42, 6.553600e+04
  %44 = or i1 %huge, %43
  %45 = call float @llvm.fabs.f32(float %41)
  %46 = fcmp ole float %45, 6.553600e+04
  %47 = select i1 %46, float %41, float 0.000000e+00
  %48 = fmul float %47, 0x3FD45F3060000000
  %49 = call float @llvm.roundeven.f32(float %48)
  %50 = fadd float %49, %49
  %51 = call float @llvm.fma.f32(float %50, float 0xBFF921FB60000000, float %47)
  %52 = call float @llvm.fma.f32(float %50, float 0x3E6777A5C0000000, float %51)
  %53 = call float @llvm.fma.f32(float %50, float 0x3CDEE59DA0000000, float %52)
  %54 = fmul float %53, %53
  %55 = call float @llvm.fma.f32(float 0x3EC5D3C860000000, float %54, float 0xBF29F673E0000000)
  %56 = call float @llvm.fma.f32(float %55, float %54, float 0x3F8110EA60000000)
  %57 = call float @llvm.fma.f32(float %56, float %54, float 0xBFC55554A0000000)
  %58 = fmul float %57, %54
  %59 = call float @llvm.fma.f32(float %58, float %53, float %53)
  %60 = fptosi float %50 to i32
  %61 = and i32 %60, 2
  %62 = shl i32 %61, 30
  %63 = bitcast float %59 to i32
  %64 = xor i32 %63, %62
  %65 = bitcast i32 %64 to float
  %66 = fcmp olt float %45, 0x3F30000000000000
  %67 = select i1 %66, float %41, float %65
  %68 = fsub float %41, %41
  %69 = select i1 %46, float %67, float %68
  %70 = fmul float %39, %69
  %71 = fmul float %7, %41
  %72 = call float @llvm.fabs.f32(float %71)
  %73 = fcmp ogt float %72, 6.553600e+04
  %74 = or i1 %44, %73
  %75 = call float @llvm.fabs.f32(float %71)
  %76 = fcmp ole float %75, 6.553600e+04
  %77 = select i1 %76, float %71, float 0.000000e+00
  %78 = call float @llvm.fma.f32(float %77, float 0x3FD45F3060000000, float -5.000000e-01)
  %79 = call float @llvm.roundeven.f32(float %78)
  %80 = call float @llvm.fma.f32(float %79, float 2.000000e+00, float 1.000000e+00)
  %81 = call float @llvm.fma.f32(float %80, float 0xBFF921FB60000000, float %77)
  %82 = call float @llvm.fma.f32(float %80, float 0x3E6777A5C0000000, float %81)
  %83 = call float @llvm.fma.f32(float %80, float 0x3CDEE59DA0000000, float %82)
  %84 = fmul float %83, %83
  %85 = call float @llvm.fma.f32(float 0x3EC5D3C860000000, float %84, float 0xBF29F673E0000000)
  %86 = call float @llvm.fma.f32(float %85, float %84, float 0x3F8110EA60000000)
  %87 = call float @llvm.fma.f32(float %86, float %84, float 0xBFC55554A0000000)
  %88 = fmul float %87, %84
  %89 = call float @llvm.fma.f32(float %88, float %83, float %83)
  %90 = fptosi float %80 to i32
  %91 = add i32 %90, 1
  %92 = and i32 %91, 2
  %93 = shl i32 %92, 30
  %94 = bitcast float %89 to i32
  %95 = xor i32 %94, %93
  %96 = bitcast i32 %95 to float
  %97 = fsub float %71, %71
  %98 = select i1 %76, float %96, float %97
  %99 = fadd float %70, %98
  %100 = getelementptr inbounds float, ptr %4, i64 %i
  store float %99, ptr %100, align 4
  %i.next = add nuw nsw i64 %i, 1
  %101 = icmp slt i64 %i.next, %1
  br i1 %101, label %loop, label %exit, !llvm.loop !0

exit:                                             ; preds = %loop, %entry
  %any_huge = phi i1 [ false, %entry ], [ %74, %loop ]
  ret i1 %any_huge
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.roundeven.f32(float) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fabs.f32(float) #1

; Function Attrs: cold noinline nounwind optsize
define internal void @body_libm(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4) #2 {
entry:
  %5 = icmp slt i64 %0, %1
  br i1 %5, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ %0, %entry ], [ %i.next, %loop ]
  %6 = getelementptr inbounds float, ptr %2, i64 %i
  %7 = load float, ptr %6, align 4
  %8 = fneg float %7
  %9 = fmul float %8, %7
  %10 = fcmp uno float %9, %9
  %11 = fcmp ogt float %9, 8.900000e+01
  %12 = select i1 %11, float 8.900000e+01, float %9
  %13 = fcmp olt float %12, -1.040000e+02
  %14 = select i1 %13, float -1.040000e+02, float %12
  %15 = select i1 %10, float 0.000000e+00, float %14
  %16 = fmul float %15, 0x3FF7154760000000
  %17 = call float @llvm.roundeven.f32(float %16)
  %18 = call float @llvm.fma.f32(float %17, float 0xBFE62E4300000000, float %15)
  %19 = call float @llvm.fma.f32(float %17, float 0x3E205C6100000000, float %18)
  %20 = call float @llvm.fma.f32(float 0x3F2A0D2CE0000000, float %19, float 0x3F56E879C0000000)
  %21 = call float @llvm.fma.f32(float %20, float %19, float 0x3F81112100000000)
  %22 = call float @llvm.fma.f32(float %21, float %19, float 0x3FA5553820000000)
  %23 = call float @llvm.fma.f32(float %22, float %19, float 0x3FC5555540000000)
  %24 = call float @llvm.fma.f32(float %23, float %19, float 5.000000e-01)
  %25 = fmul float %19, %19
  %26 = call float @llvm.fma.f32(float %24, float %25, float %19)
  %27 = fadd float %26, 1.000000e+00
  %28 = fptosi float %17 to i32
  %29 = ashr i32 %28, 1
  %30 = sub i32 %28, %29
  %31 = add i32 %30, 127
  %32 = shl i32 %31, 23
  %33 = bitcast i32 %32 to float
  %34 = add i32 %29, 127
  %35 = shl i32 %34, 23
  %36 = bitcast i32 %35 to float
  %37 = fmul float %27, %36
  %38 = fmul float %37, %33
  %39 = select i1 %10, float %9, float %38
  %40 = getelementptr inbounds float, ptr %3, i64 %i
  %41 = load float, ptr %40, align 4
  %42 = call float @llvm.sin.f32(float %41)
  %43 = fmul float %39, %42
  %44 = fmul float %7, %41
  %45 = call float @llvm.cos.f32(float %44)
  %46 = fadd float %43, %45
  %47 = getelementptr inbounds float, ptr %4, i64 %i
  store float %46, ptr %47, align 4
  %i.next = add nuw nsw i64 %i, 1
  %48 = icmp slt i64 %i.next, %1
  br i1 %48, label %loop, label %exit, !llvm.loop !2

exit:                                             ; preds = %loop, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.sin.f32(float) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.cos.f32(float) #1

; Function Attrs: nounwind
define void @sinter_k_2961637f7fa90949(i64 %0, i64 %1, ptr %2, ptr %3) #3 {
entry:
  %4 = getelementptr inbounds ptr, ptr %2, i64 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %2, i64 1
  %7 = load ptr, ptr %6, align 8
  %8 = getelementptr inbounds ptr, ptr %2, i64 2
  %9 = load ptr, ptr %8, align 8
  %10 = call i1 @body(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9)
  br i1 %10, label %redo, label %done

redo:                                             ; preds = %entry
  call void @body_libm(i64 %0, i64 %1, ptr %5, ptr %7, ptr %9)
  br label %done

done:                                             ; preds = %redo, %entry
  ret void
}

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { cold noinline nounwind optsize }
attributes #3 = { nounwind }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.interleave.count", i32 1}
!2 = distinct !{!2, !3, !4}
!3 = !{!"llvm.loop.vectorize.enable", i1 false}
!4 = !{!"llvm.loop.unroll.disable"}
