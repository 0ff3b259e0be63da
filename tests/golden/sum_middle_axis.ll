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

; Function Attrs: noinline nounwind
define internal i1 @short_walk(i64 %0, i64 %1, i64 %2, ptr noalias nocapture %3, ptr noalias nocapture %4, i64 %5, i64 %6, i64 %7, i64 %8, i64 %9, i64 %10) #2 {
entry:
  %short_coordinate40 = alloca i64, align 8
  %short_base41 = alloca i64, align 8
  %short_row_first42 = alloca i64, align 8
  %short_column43 = alloca i64, align 8
  %short_coordinate21 = alloca i64, align 8
  %short_base22 = alloca i64, align 8
  %short_row_first23 = alloca i64, align 8
  %short_column24 = alloca i64, align 8
  %short_coordinate3 = alloca i64, align 8
  %short_base4 = alloca i64, align 8
  %short_row_first5 = alloca i64, align 8
  %short_column6 = alloca i64, align 8
  %short_coordinate = alloca i64, align 8
  %short_base = alloca i64, align 8
  %short_row_first = alloca i64, align 8
  %short_column = alloca i64, align 8
  %11 = icmp slt i64 %0, %1
  br i1 %11, label %walk, label %done

done:                                             ; preds = %short_unrolled_done50, %short_unrolled_done31, %short_unrolled_done13, %short_unrolled_done, %entry
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
  %12 = urem i64 %0, %6
  %13 = udiv i64 %0, %6
  store i64 %13, ptr %short_coordinate, align 8
  %14 = mul i64 %13, %8
  %15 = add i64 0, %14
  store i64 %15, ptr %short_base, align 8
  %16 = sub i64 %0, %12
  store i64 %16, ptr %short_row_first, align 8
  store i64 %12, ptr %short_column, align 8
  br label %short_row

short_row:                                        ; preds = %short_step, %short_2
  %first = load i64, ptr %short_row_first, align 8
  %k0 = load i64, ptr %short_column, align 8
  %17 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %17)
  %row_base = load i64, ptr %short_base, align 8
  %18 = icmp slt i64 %k0, %stop
  br i1 %18, label %short_unrolled, label %short_unrolled_done

short_unrolled:                                   ; preds = %short_unrolled, %short_row
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %39, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %19 = mul i64 0, %10
  %20 = mul i64 %short_unrolled1, %9
  %21 = add i64 %row_base, %20
  %22 = add i64 %21, %19
  %23 = mul i64 %o, 2
  %i = add i64 %23, 0
  %24 = getelementptr inbounds float, ptr %3, i64 %22
  %25 = load float, ptr %24, align 4
  %26 = fpext float %25 to double
  %27 = fadd reassoc double 0.000000e+00, %26
  %28 = mul i64 1, %10
  %29 = mul i64 %short_unrolled1, %9
  %30 = add i64 %row_base, %29
  %31 = add i64 %30, %28
  %32 = mul i64 %o, 2
  %i2 = add i64 %32, 1
  %33 = getelementptr inbounds float, ptr %3, i64 %31
  %34 = load float, ptr %33, align 4
  %35 = fpext float %34 to double
  %36 = fadd reassoc double %27, %35
  %37 = fptrunc double %36 to float
  %38 = getelementptr inbounds float, ptr %4, i64 %o
  store float %37, ptr %38, align 4
  %39 = add nuw nsw i64 %short_unrolled1, 1
  %40 = icmp slt i64 %39, %stop
  br i1 %40, label %short_unrolled, label %short_unrolled_done, !llvm.loop !2

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %41 = add i64 %first, %6
  store i64 %41, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  %42 = icmp slt i64 %41, %1
  br i1 %42, label %short_carry, label %done

short_carry:                                      ; preds = %short_unrolled_done
  %43 = load i64, ptr %short_coordinate, align 8
  %44 = add i64 %43, 1
  br label %short_step

short_step:                                       ; preds = %short_carry
  store i64 %44, ptr %short_coordinate, align 8
  %45 = load i64, ptr %short_base, align 8
  %46 = add i64 %45, %8
  store i64 %46, ptr %short_base, align 8
  br label %short_row

short_3:                                          ; preds = %walk
  %47 = urem i64 %0, %6
  %48 = udiv i64 %0, %6
  store i64 %48, ptr %short_coordinate3, align 8
  %49 = mul i64 %48, %8
  %50 = add i64 0, %49
  store i64 %50, ptr %short_base4, align 8
  %51 = sub i64 %0, %47
  store i64 %51, ptr %short_row_first5, align 8
  store i64 %47, ptr %short_column6, align 8
  br label %short_row7

short_row7:                                       ; preds = %short_step20, %short_3
  %first8 = load i64, ptr %short_row_first5, align 8
  %k09 = load i64, ptr %short_column6, align 8
  %52 = sub i64 %1, %first8
  %stop10 = call i64 @llvm.smin.i64(i64 %6, i64 %52)
  %row_base11 = load i64, ptr %short_base4, align 8
  %53 = icmp slt i64 %k09, %stop10
  br i1 %53, label %short_unrolled12, label %short_unrolled_done13

short_unrolled12:                                 ; preds = %short_unrolled12, %short_row7
  %short_unrolled14 = phi i64 [ %k09, %short_row7 ], [ %83, %short_unrolled12 ]
  %o15 = add i64 %first8, %short_unrolled14
  %54 = mul i64 0, %10
  %55 = mul i64 %short_unrolled14, %9
  %56 = add i64 %row_base11, %55
  %57 = add i64 %56, %54
  %58 = mul i64 %o15, 3
  %i16 = add i64 %58, 0
  %59 = getelementptr inbounds float, ptr %3, i64 %57
  %60 = load float, ptr %59, align 4
  %61 = fpext float %60 to double
  %62 = fadd reassoc double 0.000000e+00, %61
  %63 = mul i64 1, %10
  %64 = mul i64 %short_unrolled14, %9
  %65 = add i64 %row_base11, %64
  %66 = add i64 %65, %63
  %67 = mul i64 %o15, 3
  %i17 = add i64 %67, 1
  %68 = getelementptr inbounds float, ptr %3, i64 %66
  %69 = load float, ptr %68, align 4
  %70 = fpext float %69 to double
  %71 = fadd reassoc double %62, %70
  %72 = mul i64 2, %10
  %73 = mul i64 %short_unrolled14, %9
  %74 = add i64 %row_base11, %73
  %75 = add i64 %74, %72
  %76 = mul i64 %o15, 3
  %i18 = add i64 %76, 2
  %77 = getelementptr inbounds float, ptr %3, i64 %75
  %78 = load float, ptr %77, align 4
  %79 = fpext float %78 to double
  %80 = fadd reassoc double %71, %79
  %81 = fptrunc double %80 to float
  %82 = getelementptr inbounds float, ptr %4, i64 %o15
  store float %81, ptr %82, align 4
  %83 = add nuw nsw i64 %short_unrolled14, 1
  %84 = icmp slt i64 %83, %stop10
  br i1 %84, label %short_unrolled12, label %short_unrolled_done13, !llvm.loop !5

short_unrolled_done13:                            ; preds = %short_unrolled12, %short_row7
  %85 = add i64 %first8, %6
  store i64 %85, ptr %short_row_first5, align 8
  store i64 0, ptr %short_column6, align 8
  %86 = icmp slt i64 %85, %1
  br i1 %86, label %short_carry19, label %done

short_carry19:                                    ; preds = %short_unrolled_done13
  %87 = load i64, ptr %short_coordinate3, align 8
  %88 = add i64 %87, 1
  br label %short_step20

short_step20:                                     ; preds = %short_carry19
  store i64 %88, ptr %short_coordinate3, align 8
  %89 = load i64, ptr %short_base4, align 8
  %90 = add i64 %89, %8
  store i64 %90, ptr %short_base4, align 8
  br label %short_row7

short_4:                                          ; preds = %walk
  %91 = urem i64 %0, %6
  %92 = udiv i64 %0, %6
  store i64 %92, ptr %short_coordinate21, align 8
  %93 = mul i64 %92, %8
  %94 = add i64 0, %93
  store i64 %94, ptr %short_base22, align 8
  %95 = sub i64 %0, %91
  store i64 %95, ptr %short_row_first23, align 8
  store i64 %91, ptr %short_column24, align 8
  br label %short_row25

short_row25:                                      ; preds = %short_step39, %short_4
  %first26 = load i64, ptr %short_row_first23, align 8
  %k027 = load i64, ptr %short_column24, align 8
  %96 = sub i64 %1, %first26
  %stop28 = call i64 @llvm.smin.i64(i64 %6, i64 %96)
  %row_base29 = load i64, ptr %short_base22, align 8
  %97 = icmp slt i64 %k027, %stop28
  br i1 %97, label %short_unrolled30, label %short_unrolled_done31

short_unrolled30:                                 ; preds = %short_unrolled30, %short_row25
  %short_unrolled32 = phi i64 [ %k027, %short_row25 ], [ %136, %short_unrolled30 ]
  %o33 = add i64 %first26, %short_unrolled32
  %98 = mul i64 0, %10
  %99 = mul i64 %short_unrolled32, %9
  %100 = add i64 %row_base29, %99
  %101 = add i64 %100, %98
  %102 = mul i64 %o33, 4
  %i34 = add i64 %102, 0
  %103 = getelementptr inbounds float, ptr %3, i64 %101
  %104 = load float, ptr %103, align 4
  %105 = fpext float %104 to double
  %106 = fadd reassoc double 0.000000e+00, %105
  %107 = mul i64 1, %10
  %108 = mul i64 %short_unrolled32, %9
  %109 = add i64 %row_base29, %108
  %110 = add i64 %109, %107
  %111 = mul i64 %o33, 4
  %i35 = add i64 %111, 1
  %112 = getelementptr inbounds float, ptr %3, i64 %110
  %113 = load float, ptr %112, align 4
  %114 = fpext float %113 to double
  %115 = fadd reassoc double %106, %114
  %116 = mul i64 2, %10
  %117 = mul i64 %short_unrolled32, %9
  %118 = add i64 %row_base29, %117
  %119 = add i64 %118, %116
  %120 = mul i64 %o33, 4
  %i36 = add i64 %120, 2
  %121 = getelementptr inbounds float, ptr %3, i64 %119
  %122 = load float, ptr %121, align 4
  %123 = fpext float %122 to double
  %124 = fadd reassoc double %115, %123
  %125 = mul i64 3, %10
  %126 = mul i64 %short_unrolled32, %9
  %127 = add i64 %row_base29, %126
  %128 = add i64 %127, %125
  %129 = mul i64 %o33, 4
  %i37 = add i64 %129, 3
  %130 = getelementptr inbounds float, ptr %3, i64 %128
  %131 = load float, ptr %130, align 4
  %132 = fpext float %131 to double
  %133 = fadd reassoc double %124, %132
  %134 = fptrunc double %133 to float
  %135 = getelementptr inbounds float, ptr %4, i64 %o33
  store float %134, ptr %135, align 4
  %136 = add nuw nsw i64 %short_unrolled32, 1
  %137 = icmp slt i64 %136, %stop28
  br i1 %137, label %short_unrolled30, label %short_unrolled_done31, !llvm.loop !6

short_unrolled_done31:                            ; preds = %short_unrolled30, %short_row25
  %138 = add i64 %first26, %6
  store i64 %138, ptr %short_row_first23, align 8
  store i64 0, ptr %short_column24, align 8
  %139 = icmp slt i64 %138, %1
  br i1 %139, label %short_carry38, label %done

short_carry38:                                    ; preds = %short_unrolled_done31
  %140 = load i64, ptr %short_coordinate21, align 8
  %141 = add i64 %140, 1
  br label %short_step39

short_step39:                                     ; preds = %short_carry38
  store i64 %141, ptr %short_coordinate21, align 8
  %142 = load i64, ptr %short_base22, align 8
  %143 = add i64 %142, %8
  store i64 %143, ptr %short_base22, align 8
  br label %short_row25

short_8:                                          ; preds = %walk
  %144 = urem i64 %0, %6
  %145 = udiv i64 %0, %6
  store i64 %145, ptr %short_coordinate40, align 8
  %146 = mul i64 %145, %8
  %147 = add i64 0, %146
  store i64 %147, ptr %short_base41, align 8
  %148 = sub i64 %0, %144
  store i64 %148, ptr %short_row_first42, align 8
  store i64 %144, ptr %short_column43, align 8
  br label %short_row44

short_row44:                                      ; preds = %short_step62, %short_8
  %first45 = load i64, ptr %short_row_first42, align 8
  %k046 = load i64, ptr %short_column43, align 8
  %149 = sub i64 %1, %first45
  %stop47 = call i64 @llvm.smin.i64(i64 %6, i64 %149)
  %row_base48 = load i64, ptr %short_base41, align 8
  %150 = icmp slt i64 %k046, %stop47
  br i1 %150, label %short_unrolled49, label %short_unrolled_done50

short_unrolled49:                                 ; preds = %short_unrolled49, %short_row44
  %short_unrolled51 = phi i64 [ %k046, %short_row44 ], [ %225, %short_unrolled49 ]
  %o52 = add i64 %first45, %short_unrolled51
  %151 = mul i64 0, %10
  %152 = mul i64 %short_unrolled51, %9
  %153 = add i64 %row_base48, %152
  %154 = add i64 %153, %151
  %155 = mul i64 %o52, 8
  %i53 = add i64 %155, 0
  %156 = getelementptr inbounds float, ptr %3, i64 %154
  %157 = load float, ptr %156, align 4
  %158 = fpext float %157 to double
  %159 = fadd reassoc double 0.000000e+00, %158
  %160 = mul i64 1, %10
  %161 = mul i64 %short_unrolled51, %9
  %162 = add i64 %row_base48, %161
  %163 = add i64 %162, %160
  %164 = mul i64 %o52, 8
  %i54 = add i64 %164, 1
  %165 = getelementptr inbounds float, ptr %3, i64 %163
  %166 = load float, ptr %165, align 4
  %167 = fpext float %166 to double
  %168 = fadd reassoc double %159, %167
  %169 = mul i64 2, %10
  %170 = mul i64 %short_unrolled51, %9
  %171 = add i64 %row_base48, %170
  %172 = add i64 %171, %169
  %173 = mul i64 %o52, 8
  %i55 = add i64 %173, 2
  %174 = getelementptr inbounds float, ptr %3, i64 %172
  %175 = load float, ptr %174, align 4
  %176 = fpext float %175 to double
  %177 = fadd reassoc double %168, %176
  %178 = mul i64 3, %10
  %179 = mul i64 %short_unrolled51, %9
  %180 = add i64 %row_base48, %179
  %181 = add i64 %180, %178
  %182 = mul i64 %o52, 8
  %i56 = add i64 %182, 3
  %183 = getelementptr inbounds float, ptr %3, i64 %181
  %184 = load float, ptr %183, align 4
  %185 = fpext float %184 to double
  %186 = fadd reassoc double %177, %185
  %187 = mul i64 4, %10
  %188 = mul i64 %short_unrolled51, %9
  %189 = add i64 %row_base48, %188
  %190 = add i64 %189, %187
  %191 = mul i64 %o52, 8
  %i57 = add i64 %191, 4
  %192 = getelementptr inbounds float, ptr %3, i64 %190
  %193 = load float, ptr %192, align 4
  %194 = fpext float %193 to double
  %195 = fadd reassoc double %186, %194
  %196 = mul i64 5, %10
  %197 = mul i64 %short_unrolled51, %9
  %198 = add i64 %row_base48, %197
  %199 = add i64 %198, %196
  %200 = mul i64 %o52, 8
  %i58 = add i64 %200, 5
  %201 = getelementptr inbounds float, ptr %3, i64 %199
  %202 = load float, ptr %201, align 4
  %203 = fpext float %202 to double
  %204 = fadd reassoc double %195, %203
  %205 = mul i64 6, %10
  %206 = mul i64 %short_unrolled51, %9
  %207 = add i64 %row_base48, %206
  %208 = add i64 %207, %205
  %209 = mul i64 %o52, 8
  %i59 = add i64 %209, 6
  %210 = getelementptr inbounds float, ptr %3, i64 %208
  %211 = load float, ptr %210, align 4
  %212 = fpext float %211 to double
  %213 = fadd reassoc double %204, %212
  %214 = mul i64 7, %10
  %215 = mul i64 %short_unrolled51, %9
  %216 = add i64 %row_base48, %215
  %217 = add i64 %216, %214
  %218 = mul i64 %o52, 8
  %i60 = add i64 %218, 7
  %219 = getelementptr inbounds float, ptr %3, i64 %217
  %220 = load float, ptr %219, align 4
  %221 = fpext float %220 to double
  %222 = fadd reassoc double %213, %221
  %223 = fptrunc double %222 to float
  %224 = getelementptr inbounds float, ptr %4, i64 %o52
  store float %223, ptr %224, align 4
  %225 = add nuw nsw i64 %short_unrolled51, 1
  %226 = icmp slt i64 %225, %stop47
  br i1 %226, label %short_unrolled49, label %short_unrolled_done50, !llvm.loop !7

short_unrolled_done50:                            ; preds = %short_unrolled49, %short_row44
  %227 = add i64 %first45, %6
  store i64 %227, ptr %short_row_first42, align 8
  store i64 0, ptr %short_column43, align 8
  %228 = icmp slt i64 %227, %1
  br i1 %228, label %short_carry61, label %done

short_carry61:                                    ; preds = %short_unrolled_done50
  %229 = load i64, ptr %short_coordinate40, align 8
  %230 = add i64 %229, 1
  br label %short_step62

short_step62:                                     ; preds = %short_carry61
  store i64 %230, ptr %short_coordinate40, align 8
  %231 = load i64, ptr %short_base41, align 8
  %232 = add i64 %231, %8
  store i64 %232, ptr %short_base41, align 8
  br label %short_row44
}

; Function Attrs: nounwind
define void @sinter_k_a8a174176ea3a370(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
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
  %34 = icmp eq i64 %26, %22
  %35 = icmp eq i64 %24, 0
  %36 = and i1 %35, %34
  %37 = icmp sle i64 %22, 8
  %38 = icmp eq i64 %30, 0
  %39 = and i1 %38, %36
  %40 = and i1 %39, %37
  br i1 %40, label %short_walk, label %per_output

output:                                           ; preds = %next_output, %per_output
  %o = phi i64 [ %0, %per_output ], [ %69, %next_output ]
  %41 = sub i64 %o, %0
  %42 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %42, align 8
  %43 = icmp eq i64 %30, 2
  br i1 %43, label %combine, label %run

run:                                              ; preds = %output
  %44 = mul i64 %o, %22
  %45 = add i64 %44, %24
  %46 = add i64 %44, %26
  call void @body(i64 %45, i64 %46, ptr %6, ptr %8, i64 %10, i64 %12, i64 %14, i64 %16, i64 %18, i64 %20, ptr %acc, i64 %44)
  br label %after_run

combine:                                          ; preds = %output
  %47 = icmp sgt i64 %32, 0
  br i1 %47, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %58, %combine_part ]
  %48 = mul i64 %part, %33
  %49 = add i64 %48, %41
  %50 = mul i64 %49, 16
  %51 = getelementptr inbounds i8, ptr %28, i64 %50
  %52 = getelementptr inbounds i8, ptr %acc, i64 0
  %53 = load double, ptr %52, align 8
  %54 = getelementptr inbounds i8, ptr %51, i64 0
  %55 = load double, ptr %54, align 8
  %56 = fadd reassoc double %53, %55
  %57 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %56, ptr %57, align 8
  %58 = add i64 %part, 1
  %59 = icmp slt i64 %58, %32
  br i1 %59, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %60 = icmp eq i64 %30, 1
  br i1 %60, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %61 = mul i64 %41, 16
  %62 = getelementptr inbounds i8, ptr %28, i64 %61
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %62, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %63 = urem i64 %o, %12
  %64 = udiv i64 %o, %12
  %65 = getelementptr inbounds i8, ptr %acc, i64 0
  %66 = load double, ptr %65, align 8
  %67 = fptrunc double %66 to float
  %68 = getelementptr inbounds float, ptr %8, i64 %o
  store float %67, ptr %68, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %69 = add i64 %o, 1
  %70 = icmp slt i64 %69, %1
  br i1 %70, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %71 = call i1 @short_walk(i64 %0, i64 %1, i64 %22, ptr %6, ptr %8, i64 %10, i64 %12, i64 %14, i64 %16, i64 %18, i64 %20)
  br i1 %71, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %72 = icmp slt i64 %0, %1
  br i1 %72, label %output, label %exit
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #4

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline nounwind }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
!2 = distinct !{!2, !3, !4}
!3 = !{!"llvm.loop.interleave.count", i32 1}
!4 = !{!"llvm.loop.vectorize.enable", i32 0}
!5 = distinct !{!5, !3, !4}
!6 = distinct !{!6, !3, !4}
!7 = distinct !{!7, !3, !4}
