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

; Function Attrs: noinline nounwind
define internal i1 @short_walk(i64 %0, i64 %1, i64 %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, ptr noalias nocapture %6, ptr noalias nocapture %7, float %8) #1 {
entry:
  %short_row_first30 = alloca i64, align 8
  %short_column31 = alloca i64, align 8
  %short_row_first16 = alloca i64, align 8
  %short_column17 = alloca i64, align 8
  %short_row_first3 = alloca i64, align 8
  %short_column4 = alloca i64, align 8
  %short_row_first = alloca i64, align 8
  %short_column = alloca i64, align 8
  %9 = icmp slt i64 %0, %1
  br i1 %9, label %walk, label %done

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
  %10 = sub i64 %0, %0
  store i64 %10, ptr %short_row_first, align 8
  store i64 %0, ptr %short_column, align 8
  br label %short_row

short_row:                                        ; preds = %short_2
  %first = load i64, ptr %short_row_first, align 8
  %k0 = load i64, ptr %short_column, align 8
  %11 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %1, i64 %11)
  %12 = icmp slt i64 %k0, %stop
  br i1 %12, label %short_unrolled, label %short_unrolled_done

short_unrolled:                                   ; preds = %short_unrolled, %short_row
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %41, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %13 = mul i64 %o, 2
  %i = add i64 %13, 0
  %14 = getelementptr inbounds float, ptr %3, i64 %i
  %15 = load float, ptr %14, align 4
  %16 = fmul float %15, %15
  %17 = fpext float %16 to double
  %18 = fadd reassoc double 0.000000e+00, %17
  %19 = fpext float %15 to double
  %20 = fadd reassoc double 0.000000e+00, %19
  %21 = mul i64 %o, 2
  %i2 = add i64 %21, 1
  %22 = getelementptr inbounds float, ptr %3, i64 %i2
  %23 = load float, ptr %22, align 4
  %24 = fmul float %23, %23
  %25 = fpext float %24 to double
  %26 = fadd reassoc double %18, %25
  %27 = fpext float %23 to double
  %28 = fadd reassoc double %20, %27
  %29 = fptrunc double %26 to float
  %30 = fdiv float %29, %8
  %31 = fptrunc double %28 to float
  %32 = fdiv float %31, %8
  %33 = fdiv float %31, %8
  %34 = fmul float %32, %33
  %35 = fsub float %30, %34
  %36 = call float @llvm.sqrt.f32(float %35)
  %37 = getelementptr inbounds float, ptr %4, i64 %o
  store float %30, ptr %37, align 4
  %38 = getelementptr inbounds float, ptr %5, i64 %o
  store float %32, ptr %38, align 4
  %39 = getelementptr inbounds float, ptr %6, i64 %o
  store float %33, ptr %39, align 4
  %40 = getelementptr inbounds float, ptr %7, i64 %o
  store float %36, ptr %40, align 4
  %41 = add nuw nsw i64 %short_unrolled1, 1
  %42 = icmp slt i64 %41, %stop
  br i1 %42, label %short_unrolled, label %short_unrolled_done, !llvm.loop !2

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %43 = add i64 %first, %1
  store i64 %43, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  br label %done

short_3:                                          ; preds = %walk
  %44 = sub i64 %0, %0
  store i64 %44, ptr %short_row_first3, align 8
  store i64 %0, ptr %short_column4, align 8
  br label %short_row5

short_row5:                                       ; preds = %short_3
  %first6 = load i64, ptr %short_row_first3, align 8
  %k07 = load i64, ptr %short_column4, align 8
  %45 = sub i64 %1, %first6
  %stop8 = call i64 @llvm.smin.i64(i64 %1, i64 %45)
  %46 = icmp slt i64 %k07, %stop8
  br i1 %46, label %short_unrolled9, label %short_unrolled_done10

short_unrolled9:                                  ; preds = %short_unrolled9, %short_row5
  %short_unrolled11 = phi i64 [ %k07, %short_row5 ], [ %83, %short_unrolled9 ]
  %o12 = add i64 %first6, %short_unrolled11
  %47 = mul i64 %o12, 3
  %i13 = add i64 %47, 0
  %48 = getelementptr inbounds float, ptr %3, i64 %i13
  %49 = load float, ptr %48, align 4
  %50 = fmul float %49, %49
  %51 = fpext float %50 to double
  %52 = fadd reassoc double 0.000000e+00, %51
  %53 = fpext float %49 to double
  %54 = fadd reassoc double 0.000000e+00, %53
  %55 = mul i64 %o12, 3
  %i14 = add i64 %55, 1
  %56 = getelementptr inbounds float, ptr %3, i64 %i14
  %57 = load float, ptr %56, align 4
  %58 = fmul float %57, %57
  %59 = fpext float %58 to double
  %60 = fadd reassoc double %52, %59
  %61 = fpext float %57 to double
  %62 = fadd reassoc double %54, %61
  %63 = mul i64 %o12, 3
  %i15 = add i64 %63, 2
  %64 = getelementptr inbounds float, ptr %3, i64 %i15
  %65 = load float, ptr %64, align 4
  %66 = fmul float %65, %65
  %67 = fpext float %66 to double
  %68 = fadd reassoc double %60, %67
  %69 = fpext float %65 to double
  %70 = fadd reassoc double %62, %69
  %71 = fptrunc double %68 to float
  %72 = fdiv float %71, %8
  %73 = fptrunc double %70 to float
  %74 = fdiv float %73, %8
  %75 = fdiv float %73, %8
  %76 = fmul float %74, %75
  %77 = fsub float %72, %76
  %78 = call float @llvm.sqrt.f32(float %77)
  %79 = getelementptr inbounds float, ptr %4, i64 %o12
  store float %72, ptr %79, align 4
  %80 = getelementptr inbounds float, ptr %5, i64 %o12
  store float %74, ptr %80, align 4
  %81 = getelementptr inbounds float, ptr %6, i64 %o12
  store float %75, ptr %81, align 4
  %82 = getelementptr inbounds float, ptr %7, i64 %o12
  store float %78, ptr %82, align 4
  %83 = add nuw nsw i64 %short_unrolled11, 1
  %84 = icmp slt i64 %83, %stop8
  br i1 %84, label %short_unrolled9, label %short_unrolled_done10, !llvm.loop !4

short_unrolled_done10:                            ; preds = %short_unrolled9, %short_row5
  %85 = add i64 %first6, %1
  store i64 %85, ptr %short_row_first3, align 8
  store i64 0, ptr %short_column4, align 8
  br label %done

short_4:                                          ; preds = %walk
  %86 = sub i64 %0, %0
  store i64 %86, ptr %short_row_first16, align 8
  store i64 %0, ptr %short_column17, align 8
  br label %short_row18

short_row18:                                      ; preds = %short_4
  %first19 = load i64, ptr %short_row_first16, align 8
  %k020 = load i64, ptr %short_column17, align 8
  %87 = sub i64 %1, %first19
  %stop21 = call i64 @llvm.smin.i64(i64 %1, i64 %87)
  %88 = icmp slt i64 %k020, %stop21
  br i1 %88, label %short_unrolled22, label %short_unrolled_done23

short_unrolled22:                                 ; preds = %short_unrolled22, %short_row18
  %short_unrolled24 = phi i64 [ %k020, %short_row18 ], [ %133, %short_unrolled22 ]
  %o25 = add i64 %first19, %short_unrolled24
  %89 = mul i64 %o25, 4
  %i26 = add i64 %89, 0
  %90 = getelementptr inbounds float, ptr %3, i64 %i26
  %91 = load float, ptr %90, align 4
  %92 = fmul float %91, %91
  %93 = fpext float %92 to double
  %94 = fadd reassoc double 0.000000e+00, %93
  %95 = fpext float %91 to double
  %96 = fadd reassoc double 0.000000e+00, %95
  %97 = mul i64 %o25, 4
  %i27 = add i64 %97, 1
  %98 = getelementptr inbounds float, ptr %3, i64 %i27
  %99 = load float, ptr %98, align 4
  %100 = fmul float %99, %99
  %101 = fpext float %100 to double
  %102 = fadd reassoc double %94, %101
  %103 = fpext float %99 to double
  %104 = fadd reassoc double %96, %103
  %105 = mul i64 %o25, 4
  %i28 = add i64 %105, 2
  %106 = getelementptr inbounds float, ptr %3, i64 %i28
  %107 = load float, ptr %106, align 4
  %108 = fmul float %107, %107
  %109 = fpext float %108 to double
  %110 = fadd reassoc double %102, %109
  %111 = fpext float %107 to double
  %112 = fadd reassoc double %104, %111
  %113 = mul i64 %o25, 4
  %i29 = add i64 %113, 3
  %114 = getelementptr inbounds float, ptr %3, i64 %i29
  %115 = load float, ptr %114, align 4
  %116 = fmul float %115, %115
  %117 = fpext float %116 to double
  %118 = fadd reassoc double %110, %117
  %119 = fpext float %115 to double
  %120 = fadd reassoc double %112, %119
  %121 = fptrunc double %118 to float
  %122 = fdiv float %121, %8
  %123 = fptrunc double %120 to float
  %124 = fdiv float %123, %8
  %125 = fdiv float %123, %8
  %126 = fmul float %124, %125
  %127 = fsub float %122, %126
  %128 = call float @llvm.sqrt.f32(float %127)
  %129 = getelementptr inbounds float, ptr %4, i64 %o25
  store float %122, ptr %129, align 4
  %130 = getelementptr inbounds float, ptr %5, i64 %o25
  store float %124, ptr %130, align 4
  %131 = getelementptr inbounds float, ptr %6, i64 %o25
  store float %125, ptr %131, align 4
  %132 = getelementptr inbounds float, ptr %7, i64 %o25
  store float %128, ptr %132, align 4
  %133 = add nuw nsw i64 %short_unrolled24, 1
  %134 = icmp slt i64 %133, %stop21
  br i1 %134, label %short_unrolled22, label %short_unrolled_done23, !llvm.loop !5

short_unrolled_done23:                            ; preds = %short_unrolled22, %short_row18
  %135 = add i64 %first19, %1
  store i64 %135, ptr %short_row_first16, align 8
  store i64 0, ptr %short_column17, align 8
  br label %done

short_8:                                          ; preds = %walk
  %136 = sub i64 %0, %0
  store i64 %136, ptr %short_row_first30, align 8
  store i64 %0, ptr %short_column31, align 8
  br label %short_row32

short_row32:                                      ; preds = %short_8
  %first33 = load i64, ptr %short_row_first30, align 8
  %k034 = load i64, ptr %short_column31, align 8
  %137 = sub i64 %1, %first33
  %stop35 = call i64 @llvm.smin.i64(i64 %1, i64 %137)
  %138 = icmp slt i64 %k034, %stop35
  br i1 %138, label %short_unrolled36, label %short_unrolled_done37

short_unrolled36:                                 ; preds = %short_unrolled36, %short_row32
  %short_unrolled38 = phi i64 [ %k034, %short_row32 ], [ %215, %short_unrolled36 ]
  %o39 = add i64 %first33, %short_unrolled38
  %139 = mul i64 %o39, 8
  %i40 = add i64 %139, 0
  %140 = getelementptr inbounds float, ptr %3, i64 %i40
  %141 = load float, ptr %140, align 4
  %142 = fmul float %141, %141
  %143 = fpext float %142 to double
  %144 = fadd reassoc double 0.000000e+00, %143
  %145 = fpext float %141 to double
  %146 = fadd reassoc double 0.000000e+00, %145
  %147 = mul i64 %o39, 8
  %i41 = add i64 %147, 1
  %148 = getelementptr inbounds float, ptr %3, i64 %i41
  %149 = load float, ptr %148, align 4
  %150 = fmul float %149, %149
  %151 = fpext float %150 to double
  %152 = fadd reassoc double %144, %151
  %153 = fpext float %149 to double
  %154 = fadd reassoc double %146, %153
  %155 = mul i64 %o39, 8
  %i42 = add i64 %155, 2
  %156 = getelementptr inbounds float, ptr %3, i64 %i42
  %157 = load float, ptr %156, align 4
  %158 = fmul float %157, %157
  %159 = fpext float %158 to double
  %160 = fadd reassoc double %152, %159
  %161 = fpext float %157 to double
  %162 = fadd reassoc double %154, %161
  %163 = mul i64 %o39, 8
  %i43 = add i64 %163, 3
  %164 = getelementptr inbounds float, ptr %3, i64 %i43
  %165 = load float, ptr %164, align 4
  %166 = fmul float %165, %165
  %167 = fpext float %166 to double
  %168 = fadd reassoc double %160, %167
  %169 = fpext float %165 to double
  %170 = fadd reassoc double %162, %169
  %171 = mul i64 %o39, 8
  %i44 = add i64 %171, 4
  %172 = getelementptr inbounds float, ptr %3, i64 %i44
  %173 = load float, ptr %172, align 4
  %174 = fmul float %173, %173
  %175 = fpext float %174 to double
  %176 = fadd reassoc double %168, %175
  %177 = fpext float %173 to double
  %178 = fadd reassoc double %170, %177
  %179 = mul i64 %o39, 8
  %i45 = add i64 %179, 5
  %180 = getelementptr inbounds float, ptr %3, i64 %i45
  %181 = load float, ptr %180, align 4
  %182 = fmul float %181, %181
  %183 = fpext float %182 to double
  %184 = fadd reassoc double %176, %183
  %185 = fpext float %181 to double
  %186 = fadd reassoc double %178, %185
  %187 = mul i64 %o39, 8
  %i46 = add i64 %187, 6
  %188 = getelementptr inbounds float, ptr %3, i64 %i46
  %189 = load float, ptr %188, align 4
  %190 = fmul float %189, %189
  %191 = fpext float %190 to double
  %192 = fadd reassoc double %184, %191
  %193 = fpext float %189 to double
  %194 = fadd reassoc double %186, %193
  %195 = mul i64 %o39, 8
  %i47 = add i64 %195, 7
  %196 = getelementptr inbounds float, ptr %3, i64 %i47
  %197 = load float, ptr %196, align 4
  %198 = fmul float %197, %197
  %199 = fpext float %198 to double
  %200 = fadd reassoc double %192, %199
  %201 = fpext float %197 to double
  %202 = fadd reassoc double %194, %201
  %203 = fptrunc double %200 to float
  %204 = fdiv float %203, %8
  %205 = fptrunc double %202 to float
  %206 = fdiv float %205, %8
  %207 = fdiv float %205, %8
  %208 = fmul float %206, %207
  %209 = fsub float %204, %208
  %210 = call float @llvm.sqrt.f32(float %209)
  %211 = getelementptr inbounds float, ptr %4, i64 %o39
  store float %204, ptr %211, align 4
  %212 = getelementptr inbounds float, ptr %5, i64 %o39
  store float %206, ptr %212, align 4
  %213 = getelementptr inbounds float, ptr %6, i64 %o39
  store float %207, ptr %213, align 4
  %214 = getelementptr inbounds float, ptr %7, i64 %o39
  store float %210, ptr %214, align 4
  %215 = add nuw nsw i64 %short_unrolled38, 1
  %216 = icmp slt i64 %215, %stop35
  br i1 %216, label %short_unrolled36, label %short_unrolled_done37, !llvm.loop !6

short_unrolled_done37:                            ; preds = %short_unrolled36, %short_row32
  %217 = add i64 %first33, %1
  store i64 %217, ptr %short_row_first30, align 8
  store i64 0, ptr %short_column31, align 8
  br label %done
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #2

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.sqrt.f32(float) #2

; Function Attrs: nounwind
define void @sinter_k_a6682140c6c05896(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
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
  %30 = icmp eq i64 %22, %18
  %31 = icmp eq i64 %20, 0
  %32 = and i1 %31, %30
  %33 = icmp sle i64 %18, 8
  %34 = icmp eq i64 %26, 0
  %35 = and i1 %34, %32
  %36 = and i1 %35, %33
  br i1 %36, label %short_walk, label %per_output

output:                                           ; preds = %next_output, %per_output
  %o = phi i64 [ %0, %per_output ], [ %82, %next_output ]
  %37 = sub i64 %o, %0
  %38 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %38, align 8
  %39 = getelementptr inbounds i8, ptr %acc, i64 16
  store double 0.000000e+00, ptr %39, align 8
  %40 = icmp eq i64 %26, 2
  br i1 %40, label %combine, label %run

run:                                              ; preds = %output
  %41 = mul i64 %o, %18
  %42 = add i64 %41, %20
  %43 = add i64 %41, %22
  call void @body(i64 %42, i64 %43, ptr %6, ptr %8, ptr %10, ptr %12, ptr %14, float %16, ptr %acc, i64 %41)
  br label %after_run

combine:                                          ; preds = %output
  %44 = icmp sgt i64 %28, 0
  br i1 %44, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %61, %combine_part ]
  %45 = mul i64 %part, %29
  %46 = add i64 %45, %37
  %47 = mul i64 %46, 32
  %48 = getelementptr inbounds i8, ptr %24, i64 %47
  %49 = getelementptr inbounds i8, ptr %acc, i64 0
  %50 = load double, ptr %49, align 8
  %51 = getelementptr inbounds i8, ptr %acc, i64 16
  %52 = load double, ptr %51, align 8
  %53 = getelementptr inbounds i8, ptr %48, i64 0
  %54 = load double, ptr %53, align 8
  %55 = getelementptr inbounds i8, ptr %48, i64 16
  %56 = load double, ptr %55, align 8
  %57 = fadd reassoc double %50, %54
  %58 = fadd reassoc double %52, %56
  %59 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %57, ptr %59, align 8
  %60 = getelementptr inbounds i8, ptr %acc, i64 16
  store double %58, ptr %60, align 8
  %61 = add i64 %part, 1
  %62 = icmp slt i64 %61, %28
  br i1 %62, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %63 = icmp eq i64 %26, 1
  br i1 %63, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %64 = mul i64 %37, 32
  %65 = getelementptr inbounds i8, ptr %24, i64 %64
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %65, ptr align 16 %acc, i64 32, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %66 = getelementptr inbounds i8, ptr %acc, i64 0
  %67 = load double, ptr %66, align 8
  %68 = getelementptr inbounds i8, ptr %acc, i64 16
  %69 = load double, ptr %68, align 8
  %70 = fptrunc double %67 to float
  %71 = fdiv float %70, %16
  %72 = fptrunc double %69 to float
  %73 = fdiv float %72, %16
  %74 = fdiv float %72, %16
  %75 = fmul float %73, %74
  %76 = fsub float %71, %75
  %77 = call float @llvm.sqrt.f32(float %76)
  %78 = getelementptr inbounds float, ptr %8, i64 %o
  store float %71, ptr %78, align 4
  %79 = getelementptr inbounds float, ptr %10, i64 %o
  store float %73, ptr %79, align 4
  %80 = getelementptr inbounds float, ptr %12, i64 %o
  store float %74, ptr %80, align 4
  %81 = getelementptr inbounds float, ptr %14, i64 %o
  store float %77, ptr %81, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %82 = add i64 %o, 1
  %83 = icmp slt i64 %82, %1
  br i1 %83, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %84 = call i1 @short_walk(i64 %0, i64 %1, i64 %18, ptr %6, ptr %8, ptr %10, ptr %12, ptr %14, float %16)
  br i1 %84, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %85 = icmp slt i64 %0, %1
  br i1 %85, label %output, label %exit
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
